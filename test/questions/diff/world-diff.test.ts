/**
 * `keyproof diff OLD NEW --world W`: the new policy applied in the world, and the effective change. The world
 * (test/fixtures/diff-world/) holds what a policy-only diff cannot see: a grant, an SCP, the other policies.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines, diff, diffInWorld, gateFails } from '../../../src/index.js';
import { InputError } from '../../../src/errors.js';

const at = (name: string) => `test/fixtures/diff-world/${name}`;
const KEY = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';

afterAll(async () => { await closeEngines(); });

describe('diff --world', () => {
  test('a key policy moving Decrypt from account 1 to account 3: the grant keeps the role\'s Decrypt, the SCP keeps account 3 out; nobody gains', async () => {
    const policyOnly = await diff({ old: at('old-key-policy.json'), new: at('new-key-policy.json') });
    expect(policyOnly.verdict).toBe('incomparable');
    const r = await diffInWorld({ old: at('old-key-policy.json'), new: at('new-key-policy.json'), world: at('world.yaml') });
    expect(r.source).toBe('policy-diff');
    expect(r.complete).toBe(true);
    expect(r.keys.map((k) => k.key)).toEqual([KEY]);
    const [key] = r.keys;
    expect(key!.gained).toEqual([]);
    expect(key!.lost.map((l) => [l.principal, l.operations])).toEqual([
      ['arn:aws:iam::111122223333:root', ['kms:Encrypt', 'kms:Decrypt']],
      ['arn:aws:iam::111122223333:role/App', ['kms:Encrypt']],
    ]);
    expect(key!.lost[0]!.locations[0]).toMatchObject({ file: at('old-key-policy.json'), pointer: '/Statement/1' });
    expect(gateFails(r, 'new-access', false)).toBe(false);
  }, 120_000);

  test('an inline policy widened to kms:*: the key policy still allows account 1 only Encrypt and Decrypt, so the role gains nothing', async () => {
    const r = await diffInWorld({ old: at('old-identity-policy.json'), new: at('new-identity-policy.json'), world: at('world.yaml'), principal: 'role/App', policyName: 'UseKey' });
    expect(r.complete).toBe(true);
    expect(r.examined).toBe(1);
    expect(r.keys).toEqual([]);
  }, 120_000);

  test('where the policy goes must be said when the world cannot tell', async () => {
    await expect(diffInWorld({ old: at('old-identity-policy.json'), new: at('new-identity-policy.json'), world: at('world.yaml') })).rejects.toThrow(InputError);
    await expect(diffInWorld({ old: at('old-key-policy.json'), new: at('new-key-policy.json'), world: at('world.yaml'), principal: 'role/App' })).rejects.toThrow(/give --key, not --principal/);
  });
});
