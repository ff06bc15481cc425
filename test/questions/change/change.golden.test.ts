/** Golden answers of `keyproof change` on the Terraform plan fixtures (test/fixtures/terraform/, terraform-json schema). */
import { afterAll, describe, expect, test } from 'vitest';
import { change, closeEngines, gateFails, type ChangeResult } from '../../../src/index.js';

const plan = (name: string) => `test/fixtures/terraform/${name}.json`;
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const run = (name: string) => change({ terraformPlan: plan(name) });
const gained = (r: ChangeResult, key = KEY) => r.keys.find((k) => k.key === key)?.gained ?? [];
const lost = (r: ChangeResult, key = KEY) => r.keys.find((k) => k.key === key)?.lost ?? [];

afterAll(async () => { await closeEngines(); });

describe('keyproof change on Terraform plans', () => {
  test('a grant to a role of another account fails the external gate, showing the grant', async () => {
    const r = await run('grant-external');
    expect(r.complete).toBe(true);
    expect(gained(r)).toEqual([expect.objectContaining({ principal: '999988887777', origin: 'external-account', operations: ['kms:Decrypt'], via: ['grant'], kind: 'new', dependsOn: [] })]);
    expect(gained(r)[0]!.witnesses[0]).toMatchObject({ principal: 'arn:aws:sts::999988887777:assumed-role/partner/session', action: 'kms:Decrypt' });
    expect(gained(r)[0]!.locations[0]!.pointer).toBe('/resource_changes/1/change/after');
    expect(lost(r)).toEqual([]);
    expect(gateFails(r, 'external', false)).toBe(true);
    expect(gateFails(r, 'public', false)).toBe(false);
  }, 120_000);

  test('a split key policy computed from an unknown value opens the key to anyone, possibly: the public gate fails, naming it', async () => {
    const r = await run('key-policy-open-computed');
    const anyone = gained(r).find((g) => g.origin === 'anyone');
    expect(anyone?.operations).toContain('kms:Decrypt');
    expect(anyone?.dependsOn).toEqual(['aws_kms_key_policy.app.policy (from aws_vpc_endpoint.kms.id)']);
    expect(anyone?.locations[0]!.pointer).toBe('/resource_changes/1/change/after/policy');
    expect(r.unknowns).toEqual(['aws_kms_key_policy.app.policy (from aws_vpc_endpoint.kms.id)']);
    expect(gateFails(r, 'public', true)).toBe(true);
  }, 120_000);

  test('a condition added to a key policy statement only tightens: no gain, a narrowed loss, the gate passes', async () => {
    const r = await run('tighten-key-policy');
    expect(gained(r)).toEqual([]);
    expect(lost(r)).toEqual([expect.objectContaining({ principal: '444455556666', kind: 'narrowed', operations: ['kms:Decrypt'] })]);
    expect(r.complete).toBe(true);
    expect(gateFails(r, 'new-access', false)).toBe(false);
  }, 120_000);

  test('modules and for_each: both roles of module.app gain through the policy the root module creates (its ARN followed through the module variable)', async () => {
    const r = await run('modules-for-each');
    expect(r.complete).toBe(true);
    expect(gained(r).map((g) => [g.principal, g.operations.sort(), g.via.sort()])).toEqual([
      ['arn:aws:iam::111122223333:role/app-blue', ['kms:Decrypt', 'kms:Encrypt'], ['iam-policy', 'key-policy']],
      ['arn:aws:iam::111122223333:role/app-green', ['kms:Decrypt', 'kms:Encrypt'], ['iam-policy', 'key-policy']],
    ]);
  }, 120_000);

  test('delete and replace: the deleted grant and the replaced key lose access; the new key (ARN unknown) is created', async () => {
    const r = await run('delete-and-replace');
    expect(r.complete).toBe(true);
    expect(r.keys.map((k) => [k.createdBy ?? k.key, k.status])).toEqual([
      ['arn:aws:kms:eu-west-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321', 'deleted'],
      [KEY, 'changed'],
      ['aws_kms_key.logs', 'created'],
    ]);
    expect(lost(r)).toEqual([expect.objectContaining({ principal: '999988887777', operations: ['kms:Decrypt'], kind: 'removed', via: ['grant'] })]);
    expect(r.verdict).toEqual({ newAccess: true, public: false, external: false });
  }, 120_000);

  test('a grant to a role whose name is generated: the role, named by its resource, gains under the grant constraint', async () => {
    const r = await run('grant-unknown-grantee');
    expect(r.complete).toBe(true);
    const [entry, ...rest] = gained(r);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ origin: 'world', operations: ['kms:Encrypt', 'kms:Decrypt'], conditions: ['encryption context app = worker (and no other pair)'] });
    expect(entry!.description).toContain('aws_iam_role.worker');
  }, 120_000);

  test('an SCP region guard attached to the account takes nothing away from a key in the allowed Region (FullAWSAccess is assumed alongside it)', async () => {
    // The plan's SCP denies kms:Decrypt outside eu-west-1; the key is in eu-west-1, and a KMS request goes to its
    // key's Region (issue 11: aws:RequestedRegion is the key's Region, never an open value).
    const r = await run('scp-attachment');
    expect(r.complete).toBe(true);
    expect(gained(r)).toEqual([]);
    expect(lost(r)).toEqual([]);
  }, 120_000);
  test('an SCP that denies Encrypt, attached to the account, narrows: alice and the root lose Encrypt, nobody gains, the gate passes', async () => {
    const r = await run('scp-narrows');
    expect(r.complete).toBe(true);
    expect(gained(r)).toEqual([]);
    expect(lost(r).map((l) => [l.principal, l.operations, l.kind])).toEqual([
      ['arn:aws:iam::111122223333:root', ['kms:Encrypt'], 'removed'],
      ['arn:aws:iam::111122223333:user/alice', ['kms:Encrypt'], 'removed'],
    ]);
    expect(gateFails(r, 'new-access', false)).toBe(false);
  }, 120_000);

  test('group memberships (aws_iam_user_group_membership and aws_iam_group_membership) let both users in through the group\'s policy', async () => {
    const r = await run('group-membership');
    expect(r.complete).toBe(true);
    expect(gained(r).map((g) => [g.principal, g.operations, g.via.sort()])).toEqual([
      ['arn:aws:iam::111122223333:user/bob', ['kms:Decrypt'], ['iam-policy', 'key-policy']],
      ['arn:aws:iam::111122223333:user/carol', ['kms:Decrypt'], ['iam-policy', 'key-policy']],
    ]);
    expect(gained(r)[0]!.locations.map((l) => l.pointer)).toContain('/resource_changes/4/change/after/policy/Statement/0');
    expect(gateFails(r, 'new-access', false)).toBe(true);
    expect(gateFails(r, 'external', false)).toBe(false);
  }, 120_000);
});
