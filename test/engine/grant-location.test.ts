/**
 * A grant that decides a request is located the same way by both engines: file:line:column and its JSON pointer
 * (issue 17 item 6: the Z3 engine gave only "(at /keys/1/grants/0)", without the file).
 */
import { afterAll, expect, test } from 'vitest';
import { check, closeEngines } from '../../src/api/check.js';
import { loadWorld } from '../../src/world/load.js';

afterAll(() => closeEngines());

test('the grant that allows BatchRole to decrypt has a file, line and column in both engines', async () => {
  const world = loadWorld('examples/world.yaml');
  const input = {
    principal: 'arn:aws:iam::777788889999:role/BatchRole', action: 'kms:Decrypt',
    key: 'arn:aws:kms:us-west-2:444455556666:key/2222bbbb-22bb-22bb-22bb-222222222222', context: ['kms:EncryptionContext:Department=Finance'],
  };
  const grantLocations = async (engine: 'z3' | 'reference') => {
    const answer = await check(world, { ...input, engine });
    expect(answer.decision).toBe('ALLOW');
    const refs = [...answer.matched, ...answer.trace.flatMap((step) => step.by)].filter((m) => m.source === 'grant');
    expect(refs.length).toBeGreaterThan(0);
    return [...new Set(refs.map((m) => m.location))];
  };
  const z3 = await grantLocations('z3');
  expect(z3).toEqual([expect.stringMatching(/^examples\/world\.yaml:179:\d+ \(at \/keys\/1\/grants\/0\)$/)]);
  expect(z3).toEqual(await grantLocations('reference'));
}, 60_000);
