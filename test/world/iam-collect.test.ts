/**
 * `--world` on an iam-collect store (interface.md section 6), read from the hand-made fixture
 * test/fixtures/iam-collect/store (its documented layout: aws/<partition>/accounts/..., organizations/...), and
 * `--supplement` filling in the key data iam-collect does not keep.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines } from '../../src/api/check.js';
import { whoCan } from '../../src/api/who-can.js';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import { InputError } from '../../src/errors.js';
import { loadWorld } from '../../src/world/load.js';
import { levelsOf } from '../../src/world/organization-path.js';

afterAll(closeEngines);

const STORE = 'test/fixtures/iam-collect/store';
const SUPPLEMENT = 'test/fixtures/iam-collect/supplement';
const MGMT = '111122223333';
const MEMBER = '444455556666';
const KEY1 = `arn:aws:kms:us-east-1:${MEMBER}:key/0b1c2d3e-1111-2222-3333-444455556666`;
const KEY2 = `arn:aws:kms:us-west-2:${MGMT}:key/9f8e7d6c-aaaa-bbbb-cccc-111122223333`;
const DEV = `arn:aws:iam::${MEMBER}:user/dev`;
const INTERN = `arn:aws:iam::${MEMBER}:user/intern`;
const APP_ROLE = `arn:aws:iam::${MEMBER}:role/service-role/AppRole`;

function loadError(path: string, options = {}): InputError {
  try {
    loadWorld(path, options);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('an iam-collect store', () => {
  const world = loadWorld(STORE);

  test('every account folder is an account of the world, with its users, groups, roles and managed policies', () => {
    expect([...world.accounts.keys()]).toEqual([MGMT, MEMBER]);
    const member = world.accounts.get(MEMBER)!;
    expect([...member.users.keys()]).toEqual([DEV, INTERN]);
    expect(member.users.get(DEV)).toMatchObject({ groupArns: [`arn:aws:iam::${MEMBER}:group/devs`], tags: { team: 'blue' }, userId: 'AIDAEXAMPLEDEV000001' });
    expect(member.users.get(INTERN)!.permissionsBoundaryArn).toBe(`arn:aws:iam::${MEMBER}:policy/NoDecrypt`);
    expect(member.groups.get(`arn:aws:iam::${MEMBER}:group/devs`)!.managedPolicyArns).toEqual([`arn:aws:iam::${MEMBER}:policy/KmsUse`]);
    const role = member.roles.get(APP_ROLE)!;
    expect(role).toMatchObject({ name: 'AppRole', roleId: 'AROAEXAMPLEAPPROLE01', tags: { app: 'billing' }, serviceLinked: false });
    expect(role.inlinePolicies.map((p) => p.name)).toEqual(['decrypt-app-key']);
    expect(role.trustPolicy!.document.statements[0]!.principal).toEqual([{ type: 'AWS', value: `arn:aws:iam::${MGMT}:role/Auditor` }]);
    expect([...member.managedPolicies.keys()]).toEqual([`arn:aws:iam::${MEMBER}:policy/KmsUse`, `arn:aws:iam::${MEMBER}:policy/NoDecrypt`]);
    // AWS managed policies attached in an account are stored under it, iam/aws/policy/.
    expect([...world.awsManagedPolicies.keys()]).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(world.missingManagedPolicies).toEqual([]);
    expect(world.warnings).toEqual([]);
  });

  test('statements are located in the store file they come from', () => {
    const policy = world.accounts.get(MEMBER)!.managedPolicies.get(`arn:aws:iam::${MEMBER}:policy/KmsUse`)!;
    expect(policy.document.statements[0]!.location).toMatchObject({
      file: join(STORE, 'aws/aws/accounts/444455556666/iam/policy/kmsuse/current-policy.json'), pointer: '/Statement/0', line: 4,
    });
  });

  test('keys: their policy and tags; grants, aliases, state and metadata are missing parts of each account and region', () => {
    expect([...world.keys.keys()].sort()).toEqual([KEY1, KEY2].sort());
    expect(world.keys.get(KEY1)).toMatchObject({ state: 'Enabled', grants: [], aliases: [], tags: { env: 'prod' }, region: 'us-east-1' });
    expect(world.keys.get(KEY1)!.policy.document.statements.map((s) => s.sid)).toEqual(['Enable IAM User Permissions', 'Auditors read']);
    const parts = world.missingParts.map((p) => `${p.account} ${p.region} ${p.service} ${p.what}`);
    expect(parts).toEqual([
      ...['grants', 'aliases', 'key state', 'key metadata'].map((w) => `${MGMT} us-west-2 kms ${w}`),
      ...['grants', 'aliases', 'key state', 'key metadata'].map((w) => `${MEMBER} us-east-1 kms ${w}`),
    ]);
  });

  test('the organization: root, OUs, management account, and SCPs/RCPs where ListPoliciesForTarget found them', () => {
    const org = world.organization!;
    expect(org).toMatchObject({ id: 'o-a1b2c3d4e5', root: 'r-ab12', managementAccount: MGMT, accounts: [MGMT, MEMBER] });
    expect(org.units.map((u) => ({ id: u.id, name: u.name, accounts: u.accounts }))).toEqual([{ id: 'ou-ab12-wrk00001', name: 'Workloads', accounts: [MEMBER] }]);
    expect(levelsOf(org, MEMBER)).toEqual(['r-ab12', 'ou-ab12-wrk00001', MEMBER]);
    const scps = Object.fromEntries(org.serviceControlPolicies.map((p) => [p.name, [...p.targets].sort()]));
    expect(scps).toEqual({ FullAWSAccess: [MGMT, MEMBER, 'ou-ab12-wrk00001', 'r-ab12'].sort(), DenyKeyDeletion: ['ou-ab12-wrk00001'] });
    expect(org.resourceControlPolicies.map((p) => p.name).sort()).toEqual(['OrgOnlyKeys', 'RCPFullAWSAccess']);
  });

  test.each(['reference', 'z3'] as const)('%s: decisions on the store, the OU SCP included', async (engine) => {
    // On the store itself, every check is UNKNOWN: the keys' state and grants are not in it (issue 15).
    const onStore = await check(world, { principal: DEV, action: 'kms:Decrypt', key: KEY1, engine });
    expect(onStore.decision).toBe('UNKNOWN');
    expect(onStore.undecided).toContain(`the key state of the KMS resources in account ${MEMBER}, us-east-1: not in the world (an iam-collect store does not hold them)`);
    // What the engines decide from the data the store holds: the same world with its missing parts not said.
    const held = { ...world, missingParts: [] };
    const ask = async (principal: string, action: string, key = KEY1) => (await check(held, { principal, action, key, engine })).decision;
    // dev: the devs group's KmsUse policy, delegated by the key policy's "Enable IAM User Permissions".
    expect(await ask(DEV, 'kms:Decrypt')).toBe('ALLOW');
    // intern: the same group, but the NoDecrypt boundary does not allow Decrypt.
    expect(await ask(INTERN, 'kms:Decrypt')).toBe('DENY');
    expect(await ask(INTERN, 'kms:Encrypt')).toBe('ALLOW');
    // The member account's root may do anything IAM-wise, but the Workloads OU's SCP denies key deletion.
    const deletion = await check(held, { principal: `arn:aws:iam::${MEMBER}:root`, action: 'kms:ScheduleKeyDeletion', key: KEY1, engine });
    expect(deletion).toMatchObject({ decision: 'DENY', reason: 'EXPLICIT_DENY' });
    expect(deletion.matched).toContainEqual(expect.objectContaining({ source: 'scp', policy: 'DenyKeyDeletion' }));
    // The management account is exempt from SCPs.
    expect(await ask(`arn:aws:iam::${MGMT}:root`, 'kms:ScheduleKeyDeletion', KEY2)).toBe('ALLOW');
  });

  test('who-can says which missing parts leave the answer incomplete', async () => {
    const r = await whoCan(world, { key: KEY1, action: 'kms:Encrypt' });
    expect(r.complete).toBe(false);
    expect(r.undecided).toEqual(expect.arrayContaining([
      `the grants of the KMS resources in account ${MEMBER}, us-east-1: not in the world (an iam-collect store does not hold them)`,
      `the key state of the KMS resources in account ${MEMBER}, us-east-1: not in the world (an iam-collect store does not hold them)`,
    ]));
    expect(r.undecided.join('\n')).not.toContain(MGMT);
    expect(r.principals.map((p) => p.arn)).not.toContain(APP_ROLE);
  });
});

describe('--supplement', () => {
  const world = loadWorld(STORE, { supplement: SUPPLEMENT });

  test('fills in grants, aliases, state and metadata of the keys it holds, and clears their missing parts', () => {
    const key = world.keys.get(KEY1)!;
    expect(key.grants.map((g) => g.granteePrincipal)).toEqual([APP_ROLE]);
    expect(key.aliases).toEqual(['alias/billing']);
    expect(world.aliases.get(`arn:aws:kms:us-east-1:${MEMBER}:alias/billing`)).toBe(KEY1);
    expect(key).toMatchObject({ state: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS' });
    // us-west-2 of the management account: the supplement has no key there.
    expect(world.missingParts.map((p) => `${p.account} ${p.region} ${p.what}`)).toEqual(
      ['grants', 'aliases', 'key state', 'key metadata'].map((w) => `${MGMT} us-west-2 ${w}`),
    );
    expect(world.missingParts[0]!.reason).toContain('the supplement lacks 1 of the 1 keys there');
  });

  test('who-can on a supplemented key is complete, and finds access through a grant', async () => {
    const r = await whoCan(world, { key: `arn:aws:kms:us-east-1:${MEMBER}:alias/billing`, action: 'kms:Encrypt' });
    expect(r.complete, r.undecided.join('; ')).toBe(true);
    const role = r.principals.find((p) => p.arn === APP_ROLE);
    expect(role).toMatchObject({ via: ['grant'], conditions: ['encryption context app = billing'] });
  });

  test('is refused for a world that is not an iam-collect store', () => {
    expect(loadError('examples/seed-bob.yaml', { supplement: SUPPLEMENT }).message).toMatch(/--supplement fills in what an iam-collect store lacks, but examples\/seed-bob.yaml is not an iam-collect store/);
  });
});

describe('bad stores', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'keyproof-iam-collect-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('a directory that is neither a world directory nor a store is refused, saying what was expected', () => {
    expect(loadError('test/fixtures/iam-collect').message).toMatch(/neither a world directory \(no world.yaml.*\) nor an iam-collect store/);
  });

  test('a bad policy in a store file is reported in that file, at its place', () => {
    const copy = join(scratch, 'bad-policy');
    cpSync(STORE, copy, { recursive: true });
    const file = join(copy, 'aws/aws/accounts/444455556666/iam/role/service-role%2fapprole/inline-policies.json');
    writeFileSync(file, JSON.stringify([{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt' }] } }], null, 2));
    const error = loadError(copy);
    expect(error.location).toMatchObject({ file, pointer: '/0/PolicyDocument/Statement/0' });
  });

  test('an account folder without IAM data is not a complete account: its principals are a class outside the world', async () => {
    const copy = join(scratch, 'no-iam');
    cpSync(STORE, copy, { recursive: true });
    rmSync(join(copy, 'aws/aws/accounts/444455556666/iam'), { recursive: true });
    const partial = loadWorld(copy);
    expect([...partial.accounts.keys()]).toEqual([MGMT]);
    expect(partial.keys.has(KEY1)).toBe(true);
    expect(partial.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/account 444455556666 has no IAM data in the store .*: its principals are treated as principals outside the world/)]);
    const r = await whoCan(partial, { key: KEY1, action: 'kms:Decrypt' });
    expect(r.classes.map((c) => `${c.kind} ${c.value}`)).toContain(`account ${MEMBER}`);
  });

  test('an SCP attached somewhere but absent from scps/ is an incomplete store', () => {
    const copy = join(scratch, 'no-scp');
    cpSync(STORE, copy, { recursive: true });
    rmSync(join(copy, 'aws/aws/organizations/o-a1b2c3d4e5/scps/p-abcd1234'), { recursive: true });
    expect(loadError(copy).message).toMatch(/p-abcd1234, attached to ou-ab12-wrk00001, has no folder here: the store is incomplete/);
  });
});

describe('the CLI', () => {
  async function run(...argv: string[]) {
    const output = new CapturedOutput();
    const status = await main(argv, output);
    return { status, out: output.out, err: output.err };
  }

  test('--world STORE: UNKNOWN (the key state is not in the store), and a warning naming what the world lacks', async () => {
    const { status, out, err } = await run('check', '--world', STORE, '--principal', DEV, '--action', 'kms:Decrypt', '--key', KEY1, '--engine', 'reference');
    expect(status).toBe(0);
    expect(out).toMatch(/^UNKNOWN/);
    expect(err).toContain('the world lacks grants, aliases, key state, key metadata in 2 account/regions');
    expect(err).toContain('--supplement');
  });

  test('--supplement on a world file exits 2 with the reason', async () => {
    const { status, err } = await run('check', '--world', 'examples/seed-bob.yaml', '--supplement', SUPPLEMENT,
      '--principal', DEV, '--action', 'kms:Decrypt', '--key', KEY1);
    expect(status).toBe(2);
    expect(err).toContain('is not an iam-collect store');
  });
});
