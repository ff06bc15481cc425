/**
 * The two groupings that let symbolic questions ask Z3 less, checked against the reference evaluator on generated
 * worlds (test/diff/arbitrary-world.ts): callers that src/questions/symbolic/caller-groups.ts puts in one group, and
 * operations that src/questions/symbolic/operation-classes.ts puts in one class, get the same decision from the reference
 * evaluator for every request of a finite universe (the contexts of brute-force.ts). A grouping that joined two
 * callers the rules tell apart could hide one of them from who-can and audit: the verification of examples would
 * not catch that, this test does. Settings: KEYPROOF_GROUPING_SEED, KEYPROOF_GROUPING_RUNS.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lowerQuestion } from '../../../src/ir/lower/question.js';
import { KEY_OPERATIONS } from '../../../src/kms/operations.js';
import { checkWithReference } from '../../../src/reference/evaluator.js';
import { callersOfWorld, identityOf, type Caller } from '../../../src/request/caller.js';
import { buildKmsRequest } from '../../../src/request/kms-request.js';
import { groupCallers, kmsQuestionStrings } from '../../../src/questions/symbolic/caller-groups.js';
import { operationClasses } from '../../../src/questions/symbolic/operation-classes.js';
import { kmsRules } from '../../../src/semantics/kms-rules.js';
import type { World } from '../../../src/world/model.js';
import { loadNativeWorld, nativeWorldArb } from '../../diff/arbitrary-world.js';
import { worldToYaml } from '../../diff/serialise-world.js';
import { contextUniverse, type ContextPairs } from '../brute-force.js';

const SEED = Number(process.env.KEYPROOF_GROUPING_SEED ?? 20261122);
const RUNS = Number(process.env.KEYPROOF_GROUPING_RUNS ?? 200);

const principalOf = (caller: Caller) => identityOf(caller);

function decision(world: World, principal: string, action: string, key: string, context: ContextPairs): string {
  const answer = checkWithReference(world, buildKmsRequest(world, { principal, action, key, context }));
  return `${answer.decision} ${answer.reason}`;
}

/** The first request of the universe on which the two principals or actions get different decisions. */
function firstDisagreement(world: World, key: string, requests: Array<[string, string]>, universe: readonly ContextPairs[]): string | undefined {
  for (const context of universe) {
    const decisions = requests.map(([principal, action]) => decision(world, principal, action, key, context));
    if (new Set(decisions).size > 1) {
      return `${requests.map(([p, a], i) => `${p} ${a}: ${decisions[i]}`).join(' / ')} on ${key}, context ${JSON.stringify(context)}\nworld:\n${worldToYaml(world)}`;
    }
  }
  return undefined;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('question grouping agrees with the reference evaluator', () => {
  test('callers of one group get the same decisions', async () => {
    let grouped = 0;
    await fc.assert(fc.asyncProperty(nativeWorldArb, async (native) => {
      const world = loadNativeWorld(native);
      const universe = contextUniverse(world, 40);
      for (const key of world.keys.values()) {
        // Minutes of synchronous work would block the worker's event loop (vitest's onTaskUpdate times out).
        await yieldToEventLoop();
        for (const group of groupCallers(world, callersOfWorld(world), kmsQuestionStrings(world, key))) {
          if (group.length < 2) continue;
          grouped++;
          const [first, ...rest] = group.map(principalOf);
          for (const other of rest) {
            for (const op of KEY_OPERATIONS) {
              const found = firstDisagreement(world, key.arn, [[first!, op.action], [other, op.action]], universe);
              expect(found, found).toBeUndefined();
            }
          }
        }
      }
    }), { seed: SEED, numRuns: RUNS });
    expect(grouped).toBeGreaterThan(0);
  }, 300_000);

  test('operations of one class get the same decisions, for every caller', async () => {
    let joined = 0;
    await fc.assert(fc.asyncProperty(nativeWorldArb, async (native) => {
      const world = loadNativeWorld(native);
      const universe = contextUniverse(world, 40);
      for (const key of world.keys.values()) {
        // Minutes of synchronous work would block the worker's event loop (vitest's onTaskUpdate times out).
        await yieldToEventLoop();
        for (const caller of callersOfWorld(world)) {
          const program = { rules: [...kmsRules().rules, ...lowerQuestion(world, { kind: 'kms', key, caller }).rules] };
          for (const alike of operationClasses(program, key.state, KEY_OPERATIONS)) {
            if (alike.length < 2) continue;
            joined++;
            const requests = alike.map((op): [string, string] => [principalOf(caller), op.action]);
            const found = firstDisagreement(world, key.arn, requests, universe);
            expect(found, found).toBeUndefined();
          }
        }
      }
    }), { seed: SEED, numRuns: Math.max(1, Math.floor(RUNS / 8)) });
    expect(joined).toBeGreaterThan(0);
  }, 300_000);
});
