/**
 * Concrete checks per second through the public API (`check`, awaited one after another), for each engine.
 * Every engine of ENGINES is probed with one request: one that answers with an InputError is recorded as not
 * available. Adding an engine is adding its name to ENGINES. Each engine is measured in a process of its own
 * (engine-process.ts), so that one that crashes or blocks cannot take the benchmark with it.
 */
import { check, InputError, type CheckAnswer, type Engine, type World } from '../../src/index.js';
import type { BenchRequest } from './requests.js';
import { measureThroughputAsync, type Throughput } from './timing.js';

export const ENGINES: readonly Engine[] = ['reference', 'z3'];

export type SetResult = Throughput & {
  /** Requests in the set; `requests` (of Throughput) are those answered within the time budget and timed. */
  sampled: number;
  allowed: number;
  /** Requests the engine refused with an error (left out of the timing), with the first message. */
  errors: number;
  firstError?: string;
};

export interface EngineResult {
  engine: Engine;
  available: boolean;
  /** Why the engine was not measured. */
  reason?: string;
  direct?: SetResult;
  transitive?: SetResult;
  /** Set when the engine's process crashed or stopped answering: what was measured before is kept. */
  stalled?: string;
  /** Peak RSS of the process that measured this engine (it loads the world too). */
  maxRssMb?: number;
}

export function runCheck(world: World, request: BenchRequest, engine: Engine): Promise<CheckAnswer> {
  return check(world, {
    principal: request.principal, action: request.action, key: request.key, context: request.context,
    transitive: request.transitive, engine,
  });
}

async function probe(world: World, engine: Engine, request: BenchRequest | undefined): Promise<string | undefined> {
  if (!request) return 'no request to probe with';
  try {
    await runCheck(world, request, engine);
    return undefined;
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
}

/**
 * A first pass answers the requests (within `budgetMs`: a slow engine is timed on the requests it reached),
 * then the answered ones are timed warm.
 */
async function measureSet(world: World, engine: Engine, requests: BenchRequest[], minWarmMs: number, budgetMs: number): Promise<SetResult> {
  let allowed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const answered: BenchRequest[] = [];
  const start = performance.now();
  for (const request of requests) {
    if (performance.now() - start > budgetMs) break;
    try {
      if ((await runCheck(world, request, engine)).decision === 'ALLOW') allowed++;
      answered.push(request);
    } catch (e) {
      errors++;
      firstError ??= `${request.principal} ${request.action} ${request.key}: ${(e as Error).message}`;
    }
  }
  const throughput = await measureThroughputAsync(answered.length, async () => {
    for (const request of answered) await runCheck(world, request, engine);
  }, minWarmMs);
  return { ...throughput, sampled: requests.length, allowed, errors, ...(firstError ? { firstError } : {}) };
}

/** One engine on the sample: direct requests, then transitive ones; `report` hears each set as it is done. */
export async function measureEngine(
  world: World, engine: Engine, requests: BenchRequest[], minWarmMs: number, budgetMs: number,
  report: (set: 'direct' | 'transitive', result: SetResult) => void,
): Promise<EngineResult> {
  const direct = requests.filter((r) => !r.transitive);
  const transitive = requests.filter((r) => r.transitive);
  const unavailable = await probe(world, engine, direct[0] ?? transitive[0]);
  if (unavailable !== undefined) return { engine, available: false, reason: unavailable };
  const result: EngineResult = { engine, available: true, direct: await measureSet(world, engine, direct, minWarmMs, budgetMs) };
  report('direct', result.direct!);
  if (transitive.length > 0) {
    result.transitive = await measureSet(world, engine, transitive, minWarmMs, budgetMs);
    report('transitive', result.transitive);
  }
  return result;
}
