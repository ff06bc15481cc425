/**
 * Property: for a random change to a small world, the access `change` reports gained (new) and lost (removed) is
 * exactly the difference between `audit` of the world before and `audit` of the world after. Seeded; a failure
 * prints the seed and the change (rerun with KEYPROOF_SEED=<seed>).
 */
import { afterAll, expect, test } from 'vitest';
import { z3Engine } from '../../../src/api/engine-instance.js';
import { audit, closeEngines, parseWorld, type AuditResult } from '../../../src/index.js';
import { limitsOf } from '../../../src/engine/limits.js';
import type { PolicyDocument } from '../../../src/policy/model.js';
import { changeAccess } from '../../../src/questions/change/change.js';
import { applyChange } from '../../../src/world/change/apply-change.js';
import { emptyWorld } from '../../../src/api/change.js';
import { SourceText } from '../../../src/input/source-text.js';
import { readCloudFormationText } from '../../../src/world/cloudformation/read-template.js';
import type { Fact, ResourceChange, WorldChange } from '../../../src/world/change/model.js';

const A = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${A}:key/00000000-0000-0000-0000-000000000001`;
const USER = `arn:aws:iam::${A}:user/u`;
const ROLE = `arn:aws:iam::${A}:role/r`;
const OUTSIDE = '999988887777';
const OPS = ['Decrypt', 'Encrypt', 'DescribeKey'];
const HERE = { file: '(generated change)', pointer: '' };

const world = parseWorld(JSON.stringify({
  accounts: [{ id: A, users: [{ arn: USER }], roles: [{ arn: ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] } }] }],
  keys: [{
    arn: KEY,
    policy: { Version: '2012-10-17', Statement: [{ Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }] },
    grants: [{ GrantId: 'g0', GranteePrincipal: USER, Operations: ['Decrypt'] }],
  }],
}), 'property-world.json');

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const statement = (effect: 'Allow' | 'Deny', actions: string[], principal?: string): PolicyDocument => ({
  version: '2012-10-17', location: HERE,
  statements: [{ index: 0, effect, action: actions, resource: ['*'], conditions: [], location: HERE, ...(principal ? { principal: [{ type: 'AWS' as const, value: principal }] } : {}) }],
});

/** One to three random resource changes: grants added or removed, a key policy opened to another account, IAM policies. */
function randomChange(next: () => number): WorldChange {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const resources: ResourceChange[] = [];
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const op = pick(OPS);
    const kind = pick(['grant', 'remove-grant', 'key-policy', 'inline', 'deny'] as const);
    const base = { location: HERE, unknowns: [] };
    const facts: Record<typeof kind, { before: Fact[]; after: Fact[] }> = {
      grant: { before: [], after: [{ ...base, kind: 'grant', grant: { grantId: `g${i + 1}`, keyArn: KEY, granteePrincipal: pick([ROLE, `arn:aws:iam::${OUTSIDE}:root`]), operations: [op], location: HERE } }] },
      'remove-grant': { before: [{ ...base, kind: 'grant', grant: { grantId: 'g0', keyArn: KEY, granteePrincipal: USER, operations: ['Decrypt'], location: HERE } }], after: [] },
      'key-policy': { before: [], after: [{ ...base, kind: 'key-policy', keyArn: KEY, priority: 2, document: { ...statement('Allow', ['kms:*'], `arn:aws:iam::${A}:root`), statements: [...statement('Allow', ['kms:*'], `arn:aws:iam::${A}:root`).statements, { ...statement('Allow', [`kms:${op}`], `arn:aws:iam::${OUTSIDE}:root`).statements[0]!, index: 1 }] } }] },
      inline: { before: [], after: [{ ...base, kind: 'inline-policy', holderArn: pick([USER, ROLE]), name: `p${i}`, document: statement('Allow', [`kms:${op}`, 'sts:AssumeRole']) }] },
      deny: { before: [], after: [{ ...base, kind: 'inline-policy', holderArn: pick([USER, ROLE]), name: `d${i}`, document: statement('Deny', [`kms:${op}`]) }] },
    };
    resources.push({ resource: { address: `r${i}.${kind}`, type: kind, action: facts[kind].before.length > 0 ? 'delete' : 'create', location: HERE }, ...facts[kind] });
  }
  return { source: 'terraform-plan', file: '(generated)', resources, accounts: [], symbolicPrincipals: [], symbolicKeys: new Map(), symbolicIdentities: new Map(), unsupported: [], ignored: [] };
}

const accessSet = (result: AuditResult) => new Set(result.keys.flatMap((k) => k.groups.flatMap((g) => g.access.flatMap((a) => a.operations.map((op) => `${k.key} ${a.principal} ${op}`)))));

/**
 * A random CloudFormation template of the same small estate: a key (its policy may let another account in, or deny
 * an operation to the user), a user and a role with random inline policies, the role trusting the user or not.
 */
function randomTemplate(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const maybe = () => next() < 0.5;
  const allow = (actions: string[], resource: unknown = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });
  const keyArn = { 'Fn::GetAtt': ['Key', 'Arn'] };
  const statements: unknown[] = [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }];
  if (maybe()) statements.push({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OUTSIDE}:root` }, Action: `kms:${pick(OPS)}`, Resource: '*' });
  if (maybe()) statements.push({ Effect: 'Deny', Principal: { AWS: { 'Fn::GetAtt': ['User', 'Arn'] } }, Action: `kms:${pick(OPS)}`, Resource: '*' });
  const resources: Record<string, unknown> = {
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: statements } } },
    User: { Type: 'AWS::IAM::User', Properties: { UserName: 'u', Policies: maybe() ? [{ PolicyName: 'p', PolicyDocument: allow([`kms:${pick(OPS)}`, 'sts:AssumeRole'], '*') }] : [] } },
  };
  if (maybe()) {
    resources.Role = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'r',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: maybe() ? { AWS: { 'Fn::GetAtt': ['User', 'Arn'] } } : { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      },
    };
    resources.RolePolicy = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'r', Roles: [{ Ref: 'Role' }], PolicyDocument: allow([`kms:${pick(OPS)}`], keyArn) } };
  }
  return JSON.stringify({ Resources: resources });
}

afterAll(async () => { await closeEngines(); });

async function expectChangeMatchesAudit(base: typeof world, change: WorldChange, context: string): Promise<void> {
  const rt = (await z3Engine()).runtime;
  const worlds = applyChange(base, change);
  const [before, after] = [accessSet(await audit(worlds.before)), accessSet(await audit(worlds.after))];
  const result = await changeAccess(rt, base, null, change, { limits: limitsOf({}) });
  const reported = new Set(before);
  for (const k of result.keys) {
    for (const l of k.lost.filter((e) => e.kind === 'removed')) l.operations.forEach((op) => reported.delete(`${k.key} ${l.principal} ${op}`));
    for (const g of k.gained.filter((e) => e.kind === 'new')) g.operations.forEach((op) => reported.add(`${k.key} ${g.principal} ${op}`));
  }
  expect([...reported].sort(), context).toEqual([...after].sort());
}

test('change of a CloudFormation stack reports exactly the difference of audit before and after', async () => {
  const seed = Number(process.env.KEYPROOF_SEED ?? Date.now() % 1_000_000);
  const next = random(seed);
  for (let run = 0; run < 2; run++) {
    const [old, now] = [randomTemplate(next), randomTemplate(next)];
    const change = readCloudFormationText(SourceText.parse('after.template.json', now), SourceText.parse('before.template.json', old), { account: A, region: 'us-east-1' });
    await expectChangeMatchesAudit(emptyWorld('(the template\'s accounts)'), change, `seed ${seed} (rerun with KEYPROOF_SEED=${seed}), run ${run}, before ${old}, after ${now}`);
  }
}, 300_000);

test('change reports exactly the difference of audit before and after', async () => {
  const seed = Number(process.env.KEYPROOF_SEED ?? Date.now() % 1_000_000);
  const next = random(seed);
  for (let run = 0; run < 3; run++) {
    const change = randomChange(next);
    await expectChangeMatchesAudit(world, change, `seed ${seed} (rerun with KEYPROOF_SEED=${seed}), run ${run}, change ${JSON.stringify(change.resources.map((r) => r.resource.address))}`);
  }
}, 300_000);
