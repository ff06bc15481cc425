/**
 * A key policy or grant that names one role of an account outside the world lets that role in: who-can must list
 * the account's class (an "x" prefix on outsiders' names once made every named role unreachable: "nobody").
 */
import { afterAll, expect, test } from 'vitest';
import { closeEngines, parseWorld, whoCan } from '../../src/index.js';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const world = parseWorld(JSON.stringify({
  accounts: [{ id: '111122223333' }],
  keys: [{
    arn: KEY,
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:role/partner' }, Action: 'kms:Encrypt', Resource: '*' }] },
    grants: [{ GrantId: 'g1', GranteePrincipal: 'arn:aws:iam::444455556666:role/batch', Operations: ['Decrypt'] }],
  }],
}), 'outsider-names.json');

afterAll(async () => { await closeEngines(); });

test('the partner role the key policy names can encrypt; the batch role the grant names can decrypt', async () => {
  const encrypt = await whoCan(world, { action: 'kms:Encrypt', key: KEY });
  expect(encrypt.classes).toEqual([expect.objectContaining({ kind: 'account', value: '999988887777' })]);
  const decrypt = await whoCan(world, { action: 'kms:Decrypt', key: KEY });
  expect(decrypt.classes).toEqual([expect.objectContaining({ kind: 'account', value: '444455556666' })]);
}, 60_000);
