/**
 * Golden answers of `keyproof change` on CloudFormation templates (test/fixtures/cloudformation/: YAML with short-form
 * intrinsics, parameters, conditions and mappings), each judged against base.yaml, the stack as deployed.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { change, closeEngines, gateFails, type ChangeResult } from '../../../src/index.js';

const template = (name: string) => `test/fixtures/cloudformation/${name}.yaml`;
const run = (name: string, before: string | null = 'base') => change({
  cloudformation: template(name), ...(before ? { cloudformationBefore: template(before) } : {}), account: '111122223333', region: 'eu-west-1',
});
const onlyKey = (r: ChangeResult) => {
  expect(r.keys.map((k) => k.createdBy)).toEqual(['DataKey']);
  return r.keys[0]!;
};

afterAll(async () => { await closeEngines(); });

describe('keyproof change on CloudFormation templates', () => {
  test('a key policy statement for a partner account (its id a parameter) fails the external gate, showing the statement', async () => {
    const r = await run('grant-external');
    expect(r.complete).toBe(true);
    expect(r.source).toBe('cloudformation');
    expect(r.resources).toEqual([expect.objectContaining({ address: 'DataKey', type: 'AWS::KMS::Key', action: 'update' })]);
    const key = onlyKey(r);
    expect(key.status).toBe('changed');
    expect(key.gained).toEqual([expect.objectContaining({ principal: '999988887777', origin: 'external-account', operations: ['kms:Decrypt'], via: ['key-policy'], kind: 'new', dependsOn: [] })]);
    expect(key.gained[0]!.locations[0]).toMatchObject({ file: template('grant-external'), pointer: '/Resources/DataKey/Properties/KeyPolicy/Statement/2', line: 38, column: 13 });
    expect(key.lost).toEqual([]);
    expect(gateFails(r, 'external', false)).toBe(true);
  }, 120_000);

  test('a key opened to "*" under a condition on a value known only after deployment (!Ref of a VPC endpoint) fails the public gate, naming it', async () => {
    // base.yaml's key policy names the auditors' account: after the change that account is part of "anyone"
    // (which the unknown policy allows everything), not a lost access, nor a disagreement of the engines.
    const r = await run('open-computed');
    const key = onlyKey(r);
    const anyone = key.gained.find((g) => g.origin === 'anyone');
    expect(anyone?.operations).toContain('kms:Decrypt');
    expect(anyone?.dependsOn).toEqual(['DataKey.KeyPolicy (from Ref Endpoint)']);
    expect(anyone?.locations[0]).toMatchObject({ pointer: '/Resources/DataKey/Properties/KeyPolicy', line: 31 });
    expect(key.lost).toEqual([]);
    expect(r.unknowns).toEqual(['DataKey.KeyPolicy (from Ref Endpoint)']);
    expect(gateFails(r, 'public', false)).toBe(true);
  }, 120_000);

  test('a condition added to the auditors\' statement only tightens: a narrowed loss, no gain, the gate passes', async () => {
    const r = await run('tighten');
    expect(r.complete).toBe(true);
    const key = onlyKey(r);
    expect(key.gained).toEqual([]);
    expect(key.lost).toEqual([expect.objectContaining({ principal: '444455556666', kind: 'narrowed', operations: ['kms:DescribeKey'] })]);
    expect(gateFails(r, 'new-access', false)).toBe(false);
  }, 120_000);

  test('a new stack (no template before): the key is created; the role its policy names by !Ref (name from !If on a parameter) gains Decrypt through it', async () => {
    const r = await run('base', null);
    expect(r.complete).toBe(true);
    const key = onlyKey(r);
    expect(key.status).toBe('created');
    const role = key.gained.find((g) => g.principal === 'arn:aws:iam::111122223333:role/app-prod');
    expect(role).toMatchObject({ operations: ['kms:Decrypt'], kind: 'new' });
    expect(role!.via.sort()).toEqual(['iam-policy', 'key-policy']);
    expect(r.resources.map((x) => [x.address, x.action])).toEqual([['DataKey', 'create'], ['DataAlias', 'create'], ['AppRole', 'create'], ['AppPolicy', 'create']]);
  }, 120_000);

  test('the same template as the stack holds changes nothing: every resource is a no-op and no key is compared', async () => {
    const r = await run('base', 'base');
    expect(r.resources).toEqual([]);
    expect(r.keys).toEqual([]);
    expect(r.examined).toBe(0);
  }, 120_000);
});
