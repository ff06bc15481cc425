/**
 * `who-can` against brute force by the reference evaluator, on generated worlds (test/diff/arbitrary-world.ts):
 * - sound: every principal of the world that the reference evaluator allows (through roles too) under some context
 *   of the finite universe (brute-force.ts) is listed;
 * - every listed principal's `example` context, given to the reference evaluator with role assumption, is allowed.
 * Settings: KEYPROOF_WHOCAN_SEED, KEYPROOF_WHOCAN_RUNS, KEYPROOF_WHOCAN_SHRINK_MS. A failure is shrunk (for at most
 * SHRINK_MS) and saved under test-artifacts/who-can/ with the commands that rerun it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { whoCan } from '../../../src/api/who-can.js';
import type { WhoCanResult } from '../../../src/questions/access/who-can.js';
import type { World } from '../../../src/world/model.js';
import { requestChoiceArb, resolveRequest, type RequestChoice } from '../../diff/arbitrary-request.js';
import { loadNativeWorld, nativeWorldArb } from '../../diff/arbitrary-world.js';
import { shellQuote } from '../../diff/counterexample.js';
import { worldToYaml } from '../../diff/serialise-world.js';
import {
  contextUniverse, examplePairs, firstAllowedContext, referenceAllows, worldPrincipals, type ContextPairs, type Question,
} from '../brute-force.js';

afterAll(closeEngines);

const SEED = Number(process.env.KEYPROOF_WHOCAN_SEED ?? 20250301);
/** 40 worlds take about 55 s on two cores (who-can about 1 s a world, the brute force 0.4 s). */
const RUNS = Number(process.env.KEYPROOF_WHOCAN_RUNS ?? 40);
/** How long fast-check may shrink a failure (each step asks who-can and the brute force again). */
const SHRINK_MS = Number(process.env.KEYPROOF_WHOCAN_SHRINK_MS ?? 120_000);
const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts', 'who-can');

const caseArb = fc.record({ world: nativeWorldArb, choice: requestChoiceArb });

/** The key and operation of a generated request (an operation some policy or grant of the world mentions). */
function questionOf(world: World, choice: RequestChoice): Question {
  // who-can asks of a key: an operation without one (from 'account') is asked as one some policy mentions.
  const from = choice.operation.from === 'any' || choice.operation.from === 'account' ? 'mentioned' as const : choice.operation.from;
  const operation = { from, pick: choice.operation.pick };
  const request = resolveRequest(world, { ...choice, operation, transitive: true });
  return { key: request.key!, action: request.action };
}

class Disagreement extends Error {
  constructor(message: string, readonly principal: string, readonly context: ContextPairs) {
    super(message);
  }
}

async function checkCase(world: World, question: Question): Promise<WhoCanResult> {
  const result = await whoCan(world, question);
  const listed = new Set(result.principals.map((p) => p.arn));
  for (const p of result.principals) {
    const context = examplePairs(p.example);
    let allowed: boolean;
    try {
      allowed = referenceAllows(world, question, p.arn, context);
    } catch (error) {
      // e.g. two values for one encryption context key: no request can carry that context.
      throw new Disagreement(`who-can lists ${p.arn} with example context ${JSON.stringify(context)}, which is not a valid request: ${(error as Error).message}`, p.arn, context);
    }
    if (!allowed) {
      throw new Disagreement(`who-can lists ${p.arn} (path ${p.path.join(' -> ')}) with example context ${JSON.stringify(context)}, but the reference evaluator denies that request`, p.arn, context);
    }
  }
  // Soundness is claimed for what who-can decided: an undecided identity may be missing (it is reported as
  // undecided), and so may a principal whose roles were undecided, so then only classes may be undecided.
  const principals = worldPrincipals(world);
  if (result.undecided.some((u) => principals.some((p) => u.startsWith(`${p}:`)))) return result;
  const universe = contextUniverse(world);
  for (const principal of principals) {
    if (listed.has(principal)) continue;
    const context = firstAllowedContext(world, question, principal, universe);
    if (context) {
      throw new Disagreement(`the reference evaluator allows ${principal} with context ${JSON.stringify(context)} (role assumption allowed), but who-can does not list it (it lists ${JSON.stringify([...listed])})`, principal, context);
    }
  }
  return result;
}

function saveCounterexample(world: World, question: Question, failure: Disagreement | Error): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `counterexample-${SEED}.yaml`);
  const shown = relative(process.cwd(), file);
  const commands = [`npx keyproof who-can --world ${shown} --action ${question.action} --key ${question.key} --format json`];
  if (failure instanceof Disagreement) {
    commands.push(['npx', 'keyproof', 'check', '--world', shown, '--principal', failure.principal, '--action', question.action,
      '--key', question.key, ...failure.context.flatMap((pair) => ['--context', pair]), '--transitive', '--engine', 'reference', '--format', 'json']
      .map(shellQuote).join(' '));
  }
  writeFileSync(file, worldToYaml(world, [`keyproof who-can property test, seed ${SEED}: ${failure.message}`, ...commands.map((c) => `rerun: ${c}`)]));
  return [`World file: ${shown}`, ...commands.map((c) => `Rerun: ${c}`)].join('\n');
}

describe(`who-can against brute force by the reference evaluator (seed ${SEED}, ${RUNS} worlds)`, () => {
  test('lists every principal the reference allows for some context, and each example is allowed', async () => {
    const started = performance.now();
    let listed = 0;
    let incomplete = 0;
    // Once a failure is found, shrinking stops after SHRINK_MS: later candidates pass unasked, so fast-check
    // reports the smallest failing case found by then.
    let shrinkUntil: number | undefined;
    const property = fc.asyncProperty(caseArb, async ({ world: native, choice }) => {
      if (shrinkUntil !== undefined && performance.now() > shrinkUntil) return;
      const world = loadNativeWorld(native);
      try {
        const result = await checkCase(world, questionOf(world, choice));
        listed += result.principals.length;
        if (!result.complete) incomplete++;
      } catch (error) {
        shrinkUntil ??= performance.now() + SHRINK_MS;
        throw error;
      }
    });
    const details = await fc.check(property, { seed: SEED, numRuns: RUNS });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`who-can property: ${RUNS} worlds in ${seconds} s, ${listed} principals listed, ${incomplete} answers incomplete`);
    if (details.failed && details.counterexample) {
      const [{ world: native, choice }] = details.counterexample;
      const world = loadNativeWorld(native);
      const question = questionOf(world, choice);
      const failure = details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
      const saved = saveCounterexample(world, question, failure);
      expect.fail([`who-can disagrees with brute force (seed ${SEED}, shrunk ${details.numShrinks} times) on ${question.action} ${question.key}:`,
        failure.message, saved, `Rerun this test: KEYPROOF_WHOCAN_SEED=${SEED} KEYPROOF_WHOCAN_RUNS=${RUNS} npx vitest run test/questions/access/who-can.property.test.ts`].join('\n'));
    }
    rmSync(join(ARTIFACTS_DIR, `counterexample-${SEED}.yaml`), { force: true });
  }, Math.max(300_000, RUNS * 2_000));
});
