/**
 * `who-can` on hand-written worlds: the exact principals and classes, reasoned from the policies (comments), and
 * every listed principal's example context allowed by the reference evaluator when asked as `keyproof check` would.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { whoCan } from '../../../src/api/who-can.js';
import type { WhoCanResult } from '../../../src/questions/access/who-can.js';
import { loadWorld } from '../../../src/world/load.js';
import type { World } from '../../../src/world/model.js';
import { examplePairs, referenceAllows } from '../brute-force.js';
import { APP_KEY_ALIAS, APP_ROLE, BATCH_ROLE, BOB, CAROL, DEPLOYER, KEY_ADMIN, PARTNER_KEY_ALIAS } from '../../fixtures/example-world.js';

afterAll(closeEngines);

const EXAMPLE = loadWorld('examples/world.yaml');
const SEED_BOB = loadWorld('examples/seed-bob.yaml');
const PUBLIC_KEY = loadWorld('test/questions/fixtures/public-key-world.yaml');

const APP_KEY = APP_KEY_ALIAS;
const PARTNER_KEY = PARTNER_KEY_ALIAS;
const SHARED_KEY = 'arn:aws:kms:us-west-2:111122223333:alias/shared';

const DANA = 'arn:aws:iam::111122223333:user/dana';
const root = (account: string) => `arn:aws:iam::${account}:root`;

/** Asks who-can, and checks each listed principal's example with the reference evaluator (role assumption allowed). */
async function ask(world: World, key: string, action: string): Promise<WhoCanResult> {
  const result = await whoCan(world, { key, action });
  expect(result.complete, result.undecided.join('; ')).toBe(true);
  for (const p of result.principals) {
    expect(referenceAllows(world, { key, action }, p.arn, examplePairs(p.example)), `example of ${p.arn}: ${JSON.stringify(p.example)}`).toBe(true);
  }
  return result;
}

const arns = (r: WhoCanResult) => r.principals.map((p) => p.arn).sort();
const principal = (r: WhoCanResult, arn: string) => r.principals.find((p) => p.arn === arn)!;
const classes = (r: WhoCanResult) => r.classes.map((c) => ({ kind: c.kind, value: c.value, conditions: c.conditions })).sort((a, b) => a.kind.localeCompare(b.kind));

describe('who-can on examples/world.yaml', () => {
  test('alias/app-key kms:Decrypt: the production role, the chains that reach it, the key account and the grant', async () => {
    const r = await ask(EXAMPLE, APP_KEY, 'kms:Decrypt');
    // AppRole: named by the key policy and allowed by its own UseAppKey policy (cross-account: both are needed).
    // Deployer may assume AppRole (AppRole trusts Deployer; Deployer's policy allows sts:AssumeRole on it), and bob
    // may assume Deployer (it trusts account 111122223333; bob's AssumeDeployer policy). The root of 444455556666:
    // "Enable IAM policies" names its account. BatchRole: the grant, under its encryption-context constraint.
    // Not alice, intern (DevKeyUse covers the dev key only), carol or KeyAdmin (no Decrypt), nor the roots of
    // 111122223333 (the root user cannot assume roles) and 777788889999 (the key policy names AppRole only).
    expect(arns(r)).toEqual([BOB, DEPLOYER, root('444455556666'), APP_ROLE, BATCH_ROLE].sort());
    expect(principal(r, BOB).path).toEqual([BOB, DEPLOYER, APP_ROLE]);
    expect(principal(r, DEPLOYER).path).toEqual([DEPLOYER, APP_ROLE]);
    expect(principal(r, APP_ROLE)).toMatchObject({ path: [APP_ROLE], via: ['key-policy', 'iam-policy'], conditions: [] });
    expect(principal(r, BATCH_ROLE)).toMatchObject({ path: [BATCH_ROLE], via: ['grant'], conditions: ['encryption context Department = Finance'] });
    expect(principal(r, BATCH_ROLE).example).toMatchObject({ 'kms:EncryptionContext:Department': ['Finance'] });
    expect(principal(r, root('444455556666')).via).toEqual(['key-policy']);
    // Every account the key policy and grant name is in the world, all organization accounts are described, and
    // no statement names "*": nobody outside the world.
    expect(r.classes).toEqual([]);
  });

  test('alias/partner-exchange kms:Decrypt: the key account, and any principal of the partner account', async () => {
    const r = await ask(EXAMPLE, PARTNER_KEY, 'kms:Decrypt');
    // KeyAdmin's KmsAdministration policy has no Decrypt, carol only assumes KeyAdmin: only the root of the key account.
    expect(arns(r)).toEqual([root('444455556666')]);
    // 210987654321 is named by the key policy and not described by the world: its principals, if their own IAM
    // policies allow it, with no condition.
    expect(classes(r)).toEqual([{ kind: 'account', value: '210987654321', conditions: [] }]);
  });

  test('alias/app-key kms:PutKeyPolicy: only KeyAdmin, and carol who assumes it with MFA', async () => {
    const r = await ask(EXAMPLE, APP_KEY, 'kms:PutKeyPolicy');
    // The Deny with ArnNotEquals aws:PrincipalArn KeyAdmin leaves KeyAdmin alone (KmsAdministration has Put*).
    // KeyAdmin trusts account 444455556666 when aws:MultiFactorAuthPresent is true, and carol's AssumeKeyAdmin
    // policy lets her assume it: so carol can, with a request context where MFA is present.
    expect(arns(r)).toEqual([CAROL, KEY_ADMIN].sort());
    expect(principal(r, CAROL).path).toEqual([CAROL, KEY_ADMIN]);
    expect(principal(r, CAROL).example).toMatchObject({ 'aws:MultiFactorAuthPresent': ['true'] });
    expect(r.classes).toEqual([]);
  });
});

describe('who-can on examples/seed-bob.yaml', () => {
  test('kms:Decrypt: both account roots, ExampleRole, and bob through ExampleRole', async () => {
    const r = await ask(SEED_BOB, 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'kms:Decrypt');
    // The key policy names both accounts; the root users need no IAM policy. ExampleRole's UseKeyInAccount2
    // delegates account 1's permission; bob has no policy of his own but is trusted by ExampleRole.
    expect(arns(r)).toEqual([root('111122223333'), BOB, 'arn:aws:iam::111122223333:role/ExampleRole', root('444455556666')].sort());
    expect(principal(r, BOB).path).toEqual([BOB, 'arn:aws:iam::111122223333:role/ExampleRole']);
    expect(r.classes).toEqual([]);
  });
});

describe('who-can with Principal "*" and conditions (test/questions/fixtures/public-key-world.yaml)', () => {
  test('kms:Decrypt through S3 in the account: dana, with the statement\'s two conditions; nobody outside', async () => {
    const r = await ask(PUBLIC_KEY, SHARED_KEY, 'kms:Decrypt');
    expect(arns(r)).toEqual([root('111122223333'), DANA]);
    // kms:CallerAccount is dana's own account, always 111122223333: not a condition on dana's requests.
    expect(principal(r, DANA).conditions.sort()).toEqual(['kms:ViaService = s3.us-west-2.amazonaws.com']);
    expect(principal(r, DANA).example).toMatchObject({ 'kms:ViaService': ['s3.us-west-2.amazonaws.com'] });
    // kms:CallerAccount is the caller's own account: never 111122223333 for a principal outside the world.
    expect(r.classes).toEqual([]);
  });

  test('kms:Encrypt within the organization: the organization\'s undescribed member account, not anyone', async () => {
    const r = await ask(PUBLIC_KEY, SHARED_KEY, 'kms:Encrypt');
    expect(arns(r)).toEqual([root('111122223333'), DANA]);
    // dana's organization is always o-exampleorg1: nothing her request must choose.
    expect(principal(r, DANA).conditions).toEqual([]);
    // aws:PrincipalOrgID is the caller's organization: a request cannot choose it, so principals outside the
    // organization never match.
    expect(classes(r)).toEqual([{ kind: 'organization', value: 'o-exampleorg1', conditions: ['aws:PrincipalOrgID = o-exampleorg1'] }]);
  });

  test('kms:GenerateDataKey from an IP range: anyone, the organization and the named service, each under the IP condition', async () => {
    const r = await ask(PUBLIC_KEY, SHARED_KEY, 'kms:GenerateDataKey');
    expect(arns(r)).toEqual([root('111122223333'), DANA]);
    expect(principal(r, DANA).conditions).toEqual(['aws:SourceIp in 192.0.2.0/24']);
    // "Principal": "*" grants access to all principals, anonymous ones included
    // (iam/reference_policies_elements_principal.md#principal-anonymous); the reference reads that as covering
    // service principals too, so the service the key policy names is a class here as well.
    const ip = ['aws:SourceIp in 192.0.2.0/24'];
    expect(classes(r)).toEqual([
      { kind: 'anyone', value: '*', conditions: ip },
      { kind: 'organization', value: 'o-exampleorg1', conditions: ip },
      { kind: 'service', value: 'cloudtrail.amazonaws.com', conditions: ip },
    ]);
    const anyone = r.classes.find((c) => c.kind === 'anyone')!;
    expect(anyone.example.context['aws:SourceIp']).toHaveLength(1);
  });

  test('kms:DescribeKey: the service principal under its aws:SourceAccount condition', async () => {
    const r = await ask(PUBLIC_KEY, SHARED_KEY, 'kms:DescribeKey');
    expect(arns(r)).toEqual([root('111122223333')]);
    expect(classes(r)).toEqual([{ kind: 'service', value: 'cloudtrail.amazonaws.com', conditions: ['aws:SourceAccount = 111122223333'] }]);
    expect(r.classes[0]!.example).toMatchObject({ principal: 'cloudtrail.amazonaws.com', context: { 'aws:SourceAccount': ['111122223333'] } });
  });
});
