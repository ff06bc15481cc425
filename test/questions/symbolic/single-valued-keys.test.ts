/**
 * Regression (found by diff/brute-force.test.ts, seed 3): a key tested with a set operator was given two values in
 * diff's symbolic request even when the key is single-valued, so diff compared requests nobody can send. With an
 * encryption context `Department` of two values, it called an equivalent pair more permissive, and printed a witness
 * that `keyproof check` rejects (an encryption context has one value per key).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { diff } from '../../../src/api/diff.js';
import { isDocumentedSingleValued } from '../../../src/questions/symbolic/single-valued-keys.js';
import { buildKmsRequest } from '../../../src/request/kms-request.js';
import { loadWorld } from '../../../src/world/load.js';
import { examplePairs } from '../brute-force.js';

afterAll(closeEngines);

const F = 'test/fixtures/diff/';

describe('single-valued keys in diff', () => {
  test('a statement that needs two Department values allows nothing: the pair is equivalent', async () => {
    // NEW adds a Decrypt statement whose ForAllValues/ForAnyValue tests hold only for {IT, Finance} together.
    const result = await diff({ old: `${F}identity-no-decrypt.json`, new: `${F}identity-two-departments.json` });
    expect(result).toMatchObject({ verdict: 'equivalent', witnesses: [], complete: true });
  });

  test('a real difference is still found, with an encryption context keyproof check accepts', async () => {
    const result = await diff({ old: `${F}identity-never.json`, new: `${F}identity-department-not-finance.json`, keyAccount: '111111111111' });
    expect(result.verdict).toBe('more-permissive');
    const world = loadWorld('examples/world.yaml');
    for (const w of result.witnesses) {
      expect(w.context['kms:EncryptionContext:Department'] ?? []).not.toContain('Finance');
      expect((w.context['kms:EncryptionContext:Department'] ?? []).length).toBeLessThanOrEqual(1);
      // The same pairs, read as `--context` reads them, are a valid request (two values for one key would throw).
      expect(() => buildKmsRequest(world, {
        principal: 'arn:aws:iam::111122223333:user/bob', action: w.action,
        key: 'arn:aws:kms:us-west-2:444455556666:key/1111aaaa-11aa-11aa-11aa-111111111111', context: examplePairs(w.context),
      })).not.toThrow();
    }
  });

  test.each([
    ['kms:EncryptionContext:Department', true], ['kms:ViaService', true], ['kms:CallerAccount', true], ['aws:SourceIp', true],
    ['aws:PrincipalOrgID', true], ['aws:PrincipalTag/team', true], ['kms:EncryptionContextKeys', false],
    ['kms:GrantOperations', false], ['aws:TagKeys', false], ['aws:CalledVia', false], ['s3:prefix', false],
  ])('%s is documented single-valued: %s', (key, single) => {
    expect(isDocumentedSingleValued(key)).toBe(single);
  });
});
