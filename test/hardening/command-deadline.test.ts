/**
 * `--timeout` bounds the whole command, not each solver query (issue 12.4): queries get what is left of it, and
 * what is not decided in time is UNKNOWN / `complete: false`, saying that the time limit ran out.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines, loadWorld, parseWorld, whoCan } from '../../src/index.js';
import { roleGraphWorld, ROLE_GRAPH_EXTERNAL_ID, ROLE_GRAPH_KEY, ROLE_GRAPH_USER } from '../../benchmarks/generate/role-graphs.js';

afterAll(closeEngines);

const RAN_OUT = /time limit \(--timeout \d+ ms\) for the whole command ran out/;

describe('--timeout bounds the whole command', () => {
  test('check --transitive through a 60-role chain: one Z3 question per step would take far longer than the limit', async () => {
    const world = parseWorld(JSON.stringify(roleGraphWorld('chain', 60)), 'chain.json');
    await check(world, { principal: ROLE_GRAPH_USER, action: 'kms:Decrypt', key: ROLE_GRAPH_KEY }); // Z3 started
    const start = performance.now();
    const answer = await check(world, {
      principal: ROLE_GRAPH_USER, action: 'kms:Decrypt', key: ROLE_GRAPH_KEY, transitive: true, timeoutMs: 300,
      context: { 'sts:ExternalId': ROLE_GRAPH_EXTERNAL_ID },
    });
    const elapsed = performance.now() - start;
    expect(answer.decision).toBe('UNKNOWN');
    expect(answer.detail).toMatch(RAN_OUT);
    // The limit, the last query's grace and the work around the queries.
    expect(elapsed).toBeLessThan(5_000);
  }, 60_000);

  test('who-can: the questions left when the time is spent are named, and the answer is incomplete', async () => {
    const world = loadWorld('examples/world.yaml');
    const key = [...world.keys.values()][0]!.arn;
    const result = await whoCan(world, { key, action: 'kms:Decrypt', timeoutMs: 1 });
    expect(result.complete).toBe(false);
    expect(result.undecided.join('\n')).toMatch(RAN_OUT);
  }, 60_000);
});
