/**
 * The differential run: for each generated case, the reference evaluator and the engine under test must agree on
 * decision, reason and trusted. A failure is shrunk by fast-check, saved as a world file with the commands that
 * rerun it (counterexample.ts), and described in one message.
 */
import fc from 'fast-check';
import { checkWithReference } from '../../src/reference/evaluator.js';
import { compareAnswers } from './compare-answers.js';
import { ARTIFACTS_DIR, clearCounterexample, saveCounterexample, type CounterexampleWorld, type SavedCounterexample } from './counterexample.js';
import { diffCaseArb, prepareCase, type DiffCase } from './diff-case.js';
import type { DiffRequest } from './arbitrary-request.js';
import type { Engine } from './engine.js';
import type { DiffSettings } from './settings.js';
import { YIELD_EVERY, yieldToEventLoop } from './yield.js';

export interface DiffFailure {
  why: string;
  numShrinks: number;
  request?: DiffRequest;
  saved: SavedCounterexample;
}

export interface DiffOutcome {
  settings: DiffSettings;
  /** Cases the engine answered UNKNOWN under a forced time limit (accepted, not compared). */
  timedOut: number;
  failure?: DiffFailure;
}

/** Checks one case with both engines; throws when they disagree (the property fast-check runs). */
async function checkCase(engine: Engine, diffCase: DiffCase, settings: DiffSettings): Promise<{ timedOut: boolean }> {
  const { world, request, kmsRequest } = prepareCase(diffCase);
  const reference = checkWithReference(world, kmsRequest, { transitive: request.transitive });
  const options = { transitive: request.transitive, ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}) };
  const answer = await engine.check(world, kmsRequest, options);
  const agreement = compareAnswers(reference, answer, settings.timeoutMs !== undefined);
  if (!agreement.agree) throw new Error(agreement.why);
  return { timedOut: agreement.timedOut };
}

/** What to save of the shrunk case: the loaded world and request when they load, the generated world otherwise. */
function describeCase(diffCase: DiffCase): { world: CounterexampleWorld; request?: DiffRequest } {
  try {
    const { world, request } = prepareCase(diffCase);
    return { world: { loaded: world }, request };
  } catch {
    return { world: { generated: diffCase.world } };
  }
}

export async function runDifferential(engine: Engine, settings: DiffSettings, artifactsDir = ARTIFACTS_DIR): Promise<DiffOutcome> {
  let timedOut = 0;
  let cases = 0;
  const property = fc.asyncProperty(diffCaseArb, async (diffCase) => {
    if (++cases % YIELD_EVERY === 0) await yieldToEventLoop();
    if ((await checkCase(engine, diffCase, settings)).timedOut) timedOut++;
  });
  const details = await fc.check(property, { seed: settings.seed, numRuns: settings.numRuns });
  if (!details.failed || !details.counterexample) {
    clearCounterexample(settings.seed, artifactsDir);
    return { settings, timedOut };
  }
  const [shrunk] = details.counterexample;
  const error = details.errorInstance;
  const why = error instanceof Error ? error.message : String(error);
  const { world, request } = describeCase(shrunk);
  const saved = saveCounterexample(settings.seed, world, request, why, artifactsDir);
  return { settings, timedOut, failure: { why, numShrinks: details.numShrinks, ...(request ? { request } : {}), saved } };
}

/** The message a failing run prints: what disagreed, where the world file is, and how to rerun it. */
export function failureMessage(outcome: DiffOutcome): string {
  const failure = outcome.failure;
  if (!failure) return 'no failure';
  const { seed, numRuns } = outcome.settings;
  const lines = [
    `The engines disagree (seed ${seed}, ${numRuns} runs, shrunk ${failure.numShrinks} times): ${failure.why}`,
    failure.request
      ? `Request: ${JSON.stringify(failure.request)}`
      : 'The generated world did not load: the generators produced an invalid world (see the error above).',
    `World file: ${failure.saved.file}`,
    ...failure.saved.commands.map((c) => `Rerun: ${c}`),
    `Rerun this test: KEYPROOF_DIFF_SEED=${seed} KEYPROOF_DIFF_RUNS=${numRuns} npx vitest run test/diff/differential.test.ts`,
  ];
  if (failure.saved.yaml.length < 6000) lines.push('', failure.saved.yaml);
  return lines.join('\n');
}
