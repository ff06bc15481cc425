/**
 * The generated cases answered by the reference evaluator alone, to measure what they exercise: the flowchart
 * questions reached with each answer, and the spread of outcomes.
 */
import fc from 'fast-check';
import { checkWithReference } from '../../src/reference/evaluator.js';
import { canAssumeRole } from '../../src/reference/role-assumption.js';
import { diffCaseArb, prepareCase, type PreparedCase } from './diff-case.js';
import { FlowchartCoverage } from './coverage.js';
import { OutcomeDistribution } from './outcome-distribution.js';
import type { DiffSettings } from './settings.js';
import { YIELD_EVERY, yieldToEventLoop } from './yield.js';

export interface ReferencePass {
  cases: number;
  coverage: FlowchartCoverage;
  distribution: OutcomeDistribution;
  millis: number;
}

/**
 * An answer's trace shows role assumption only along a chain that led to ALLOW, so its questions would only ever be
 * seen with the answers that let a role be assumed. For transitive requests the coverage also asks, for each role of
 * the world, whether the caller can assume it (the first hop of every chain), which reaches both answers.
 */
function firstHopTraces(prepared: PreparedCase) {
  const { world, kmsRequest } = prepared;
  return [...world.accounts.values()].flatMap((a) => [...a.roles.values()])
    .flatMap((role) => canAssumeRole(world, kmsRequest.caller, role, kmsRequest.overrides).trace.steps);
}

/**
 * Async, yielding to the event loop between batches: a 100,000-case pass run in one go blocked the test worker
 * for minutes, and vitest gave up on it ("Timeout calling onTaskUpdate").
 */
export async function runReferencePass(settings: Pick<DiffSettings, 'seed' | 'numRuns'>): Promise<ReferencePass> {
  const started = performance.now();
  const coverage = new FlowchartCoverage();
  const distribution = new OutcomeDistribution();
  let cases = 0;
  const property = fc.asyncProperty(diffCaseArb, async (diffCase) => {
    if (++cases % YIELD_EVERY === 0) await yieldToEventLoop();
    const prepared = prepareCase(diffCase);
    const answer = checkWithReference(prepared.world, prepared.kmsRequest, { transitive: prepared.request.transitive });
    distribution.add(answer);
    coverage.add(answer.trace);
    if (prepared.request.transitive) coverage.add(firstHopTraces(prepared));
  });
  await fc.assert(property, { seed: settings.seed, numRuns: settings.numRuns });
  return { cases, coverage, distribution, millis: performance.now() - started };
}
