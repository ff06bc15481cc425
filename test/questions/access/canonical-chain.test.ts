/**
 * Equally short role chains: audit and who-can (searching backwards from the roles with access), what-can
 * (forwards from the caller) and check --transitive on both engines report one canonical chain, the shortest with
 * the lexicographically smallest sequence of role ARNs, whatever the order of the roles in the world file
 * (test/questions/fixtures/tied-chains-world.yaml).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { audit, check, closeEngines, loadWorld, whatCan, whoCan, type AuditResult } from '../../../src/index.js';

const WORLD = loadWorld('test/questions/fixtures/tied-chains-world.yaml');
const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const iam = (name: string) => `arn:aws:iam::111122223333:${name}`;
const CASES = [
  { who: iam('user/ulla'), chain: [iam('user/ulla'), iam('role/a-hop'), iam('role/b-target')] },
  { who: iam('user/vic'), chain: [iam('user/vic'), iam('role/amy-hop'), iam('role/c-target')] },
];

let result: AuditResult;
beforeAll(async () => { result = await audit(WORLD); }, 300_000);
afterAll(closeEngines);

describe.each(CASES)('kms:Decrypt by $who', ({ who, chain }) => {
  test('audit', () => {
    const row = result.keys[0]!.groups.flatMap((g) => g.access).find((a) => a.principal === who && a.operations.includes('kms:Decrypt'));
    expect(row?.path).toEqual(chain);
  });

  test('who-can', async () => {
    const entry = (await whoCan(WORLD, { key: KEY, action: 'kms:Decrypt' })).principals.find((p) => p.arn === who);
    expect(entry?.path).toEqual(chain);
  });

  test('what-can', async () => {
    const operation = (await whatCan(WORLD, { principal: who })).keys[0]?.operations.find((o) => o.action === 'kms:Decrypt');
    expect(operation?.path).toEqual(chain);
  });

  test.each(['reference', 'z3'] as const)('check --transitive on %s', async (engine) => {
    const answer = await check(WORLD, { principal: who, action: 'kms:Decrypt', key: KEY, transitive: true, engine });
    expect(answer.decision).toBe('ALLOW');
    expect(answer.path).toEqual(chain);
  });
});
