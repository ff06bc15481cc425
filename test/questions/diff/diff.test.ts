/**
 * `keyproof diff`: verdicts on hand-made policy pairs (test/fixtures/diff/), witnesses checked by the reference
 * evaluator, the CLI's exit codes and bad input.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { diff } from '../../../src/api/diff.js';
import { main } from '../../../src/cli/main.js';
import { CapturedOutput } from '../../../src/cli/output.js';
import { InternalError } from '../../../src/errors.js';
import { findOperation } from '../../../src/kms/operations.js';
import { loadDiffPolicies } from '../../../src/questions/diff/input.js';
import { keyPolicyScenario } from '../../../src/questions/diff/scenario.js';
import { verifyWitness } from '../../../src/questions/diff/verify.js';
import type { DiffResult, DiffWitness } from '../../../src/questions/diff/diff.js';

afterAll(closeEngines);

const F = 'test/fixtures/diff/';
const run = (oldName: string, newName: string, extra: Partial<Parameters<typeof diff>[0]> = {}) =>
  diff({ old: `${F}${oldName}`, new: `${F}${newName}`, ...extra });

/** Every witness: the reference evaluator allows it on its side only (the engine checked it; so does the test). */
function expectVerified(result: DiffResult): void {
  for (const w of result.witnesses) {
    const other = w.allowedBy === 'new' ? 'old' : 'new';
    expect(w.decisions[w.allowedBy].decision, JSON.stringify(w)).toBe('ALLOW');
    expect(w.decisions[other].decision, JSON.stringify(w)).toBe('DENY');
  }
}

const by = (result: DiffResult, side: 'new' | 'old'): DiffWitness[] => result.witnesses.filter((w) => w.allowedBy === side);

describe('key policies', () => {
  test('reordered statements and a redundant duplicate statement are equivalent', async () => {
    const result = await run('key-base.json', 'key-reordered.json');
    expect(result).toMatchObject({ verdict: 'equivalent', kind: 'key', account: '111122223333', witnesses: [], complete: true });
  });

  test('get-key-policy output compares equal to the document it holds', async () => {
    const result = await run('key-base.json', 'key-base.get-key-policy.json');
    expect(result.verdict).toBe('equivalent');
  });

  test('an added principal of another account is more permissive, with a witness from that account', async () => {
    const result = await run('key-base.json', 'key-added-principal.json');
    expect(result.verdict).toBe('more-permissive');
    expect(by(result, 'old')).toEqual([]);
    const witnesses = by(result, 'new');
    expect(witnesses.length).toBeGreaterThan(0);
    for (const w of witnesses) {
      expect(w.principal).toMatch(/^arn:aws:sts::444455556666:assumed-role\/partner\//);
      expect(['kms:Decrypt', 'kms:Encrypt']).toContain(w.action);
      expect(w.context['kms:EncryptionContext:Department']).toEqual(['Finance']);
      expect(w.callerIamPolicies).toBe('allow');
    }
    expectVerified(result);
  });

  test('an added action is more permissive, and the witness uses it', async () => {
    const result = await run('key-base.json', 'key-added-action.json');
    expect(result.verdict).toBe('more-permissive');
    expect(result.witnesses.map((w) => w.action)).toEqual(['kms:GenerateDataKey']);
    expectVerified(result);
  });

  test('a removed Deny is more permissive: the old policy denied the witness explicitly', async () => {
    const result = await run('key-base.json', 'key-removed-deny.json');
    expect(result.verdict).toBe('more-permissive');
    const [w] = result.witnesses;
    expect(w?.action).toBe('kms:ScheduleKeyDeletion');
    expect(w?.decisions.old).toMatchObject({ reason: 'EXPLICIT_DENY', matched: [expect.objectContaining({ sid: 'OnlyAdminDeletes' })] });
    expect(w?.reason).toMatch(/denies it explicitly/);
    expectVerified(result);
  });

  test('a widened condition is more permissive, with a context only the new policy accepts', async () => {
    const result = await run('key-base.json', 'key-widened-condition.json');
    expect(result.verdict).toBe('more-permissive');
    for (const w of result.witnesses) expect(w.context['kms:EncryptionContext:Department']).toEqual(['HR']);
    expectVerified(result);
  });

  test('the same change read backwards is less permissive', async () => {
    const result = await run('key-added-action.json', 'key-base.json');
    expect(result.verdict).toBe('less-permissive');
    expect(result.witnesses.map((w) => [w.allowedBy, w.action])).toEqual([['old', 'kms:GenerateDataKey']]);
    expectVerified(result);
  });

  test('an action swapped for another is incomparable, with a witness each way', async () => {
    const result = await run('key-base.json', 'key-swapped-action.json');
    expect(result.verdict).toBe('incomparable');
    expect(by(result, 'new').map((w) => w.action)).toEqual(['kms:GenerateDataKey']);
    expect(by(result, 'old').map((w) => w.action)).toEqual(['kms:Decrypt']);
    expectVerified(result);
  });

  test('--witnesses 1 reports one witness each way', async () => {
    const result = await run('key-base.json', 'key-added-principal.json', { maxWitnesses: 1 });
    expect(result.witnesses).toHaveLength(1);
  });
});

describe('identity policies', () => {
  test('reordered statements are equivalent; a JSON string holding the policy too', async () => {
    expect((await run('identity-base.json', 'identity-reordered.json')).verdict).toBe('equivalent');
    const result = await run('identity-base.json', 'identity-base.string.json');
    expect(result).toMatchObject({ verdict: 'equivalent', kind: 'identity' });
  });

  test('a Resource widened to every region is more permissive, on a key of another region', async () => {
    const result = await run('identity-base.json', 'identity-any-region.json');
    expect(result.verdict).toBe('more-permissive');
    for (const w of result.witnesses) {
      expect(w.key).toMatch(/^arn:aws:kms:(?!us-east-1:)[a-z0-9-]+:111122223333:key\//);
      expect(['kms:Decrypt', 'kms:DescribeKey']).toContain(w.action);
    }
    expectVerified(result);
  });

  test('an added condition is less permissive, with a context the new policy rejects', async () => {
    const result = await run('identity-base.json', 'identity-narrowed.json');
    expect(result.verdict).toBe('less-permissive');
    for (const w of result.witnesses) expect(w.context['aws:MultiFactorAuthPresent'] ?? []).not.toContain('true');
    expectVerified(result);
  });
});

describe('witness verification', () => {
  test('a witness the reference evaluator does not confirm is an internal error', () => {
    const policies = loadDiffPolicies(`${F}key-base.json`, `${F}key-reordered.json`);
    const scenario = keyPolicyScenario(policies.old, policies.new, '111122223333');
    // The account root may do anything under both policies, so "only the new policy allows it" is false.
    const request = {
      fields: { principal: 'arn:aws:iam::111122223333:root', kind: 'root', account: '111122223333', role: '' },
      operation: findOperation('kms:Decrypt')!, keyArn: 'arn:aws:kms:us-east-1:111122223333:key/keyproof-diff',
      context: [['aws:ResourceAccount', ['111122223333']]] as Array<[string, string[]]>, chosen: [],
    };
    expect(() => verifyWitness(scenario, request, 'new')).toThrow(InternalError);
    expect(() => verifyWitness(scenario, request, 'new')).toThrow(/reference evaluator answers ALLOW .* for the new policy and ALLOW/);
  });
});

describe('keyproof diff (CLI)', () => {
  const cli = async (...args: string[]) => {
    const output = new CapturedOutput();
    const code = await main(['diff', ...args], output);
    return { code, out: output.out, err: output.err };
  };

  test('--fail-on more-permissive exits 1 when the new policy allows more; the JSON has the interface fields', async () => {
    const { code, out } = await cli(`${F}key-base.json`, `${F}key-removed-deny.json`, '--format', 'json', '--fail-on', 'more-permissive');
    expect(code).toBe(1);
    const json = JSON.parse(out) as { verdict: string; witnesses: Array<Record<string, unknown>> };
    expect(json.verdict).toBe('more-permissive');
    for (const w of json.witnesses) {
      expect(w).toEqual(expect.objectContaining({ principal: expect.any(String), action: expect.any(String), context: expect.any(Object), allowedBy: 'new' }));
    }
  });

  test('--fail-on more-permissive exits 0 for equivalent and less permissive policies', async () => {
    expect((await cli(`${F}key-base.json`, `${F}key-reordered.json`, '--fail-on', 'more-permissive')).code).toBe(0);
    expect((await cli(`${F}key-added-action.json`, `${F}key-base.json`, '--fail-on', 'more-permissive')).code).toBe(0);
  });

  test('without --fail-on a more permissive policy exits 0; the text names the verdict and the witness', async () => {
    const { code, out } = await cli(`${F}key-base.json`, `${F}key-added-action.json`);
    expect(code).toBe(0);
    expect(out).toMatch(/^more permissive:/m);
    expect(out).toMatch(/kms:GenerateDataKey on arn:aws:kms:us-east-1:111122223333:key\/keyproof-diff/);
  });

  test.each([
    ['a syntax error', 'bad-syntax.json', /bad-syntax\.json:\d+:\d+/],
    ['an invalid Effect', 'bad-effect.json', /Effect/],
    ['a missing file', 'no-such-file.json', /cannot read/],
  ])('%s exits 2 with a message and no stack trace', async (_what, file, message) => {
    const { code, err } = await cli(`${F}key-base.json`, `${F}${file}`);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('a key policy against an identity policy exits 2 unless --kind says how to read both', async () => {
    const { code, err } = await cli(`${F}key-base.json`, `${F}identity-base.json`);
    expect(code).toBe(2);
    expect(err).toMatch(/is a key policy .* but .* is an identity policy/);
  });

  test('a key policy naming no root and two accounts needs --key-account', async () => {
    const missing = await cli(`${F}key-no-account.json`, `${F}key-no-account.json`);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--key-account/);
    expect((await cli(`${F}key-no-account.json`, `${F}key-no-account.json`, '--key-account', '111122223333')).code).toBe(0);
    expect((await cli(`${F}key-no-account.json`, `${F}key-no-account.json`, '--key-account', 'abc')).code).toBe(2);
  });
});
