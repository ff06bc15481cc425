/**
 * Concrete checks per second through the public API, for each engine. An engine that this version of keyproof
 * does not have answers the probe with an InputError and is recorded as not available; once it exists it is
 * measured with no change here (adding an engine to keyproof's Engine type is the one line to add below).
 */
import { check, InputError, type Engine, type World } from '../../src/index.js';
import type { BenchRequest } from './requests.js';
import { measureThroughput, type Throughput } from './timing.js';

export const ENGINES: readonly Engine[] = ['reference', 'z3'];

export interface EngineResult {
  engine: Engine;
  available: boolean;
  /** Why the engine was not measured. */
  reason?: string;
  direct?: SetResult;
  transitive?: SetResult;
}

export type SetResult = Throughput & {
  allowed: number;
  /** Requests the engine refused with an error (left out of the timing), with the first message. */
  errors: number;
  firstError?: string;
};

export function runCheck(world: World, request: BenchRequest, engine: Engine) {
  return check(world, {
    principal: request.principal, action: request.action, key: request.key, context: request.context,
    transitive: request.transitive, engine,
  });
}

function probe(world: World, engine: Engine, request: BenchRequest | undefined): string | undefined {
  if (!request) return 'no request to probe with';
  try {
    runCheck(world, request, engine);
    return undefined;
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
}

function measureSet(world: World, engine: Engine, requests: BenchRequest[], minWarmMs: number): SetResult {
  let allowed = 0;
  let firstError: string | undefined;
  const answered = requests.filter((request) => {
    try {
      if (runCheck(world, request, engine).decision === 'ALLOW') allowed++;
      return true;
    } catch (e) {
      firstError ??= `${request.principal} ${request.action} ${request.key}: ${(e as Error).message}`;
      return false;
    }
  });
  const throughput = measureThroughput(answered.length, () => {
    for (const request of answered) runCheck(world, request, engine);
  }, minWarmMs);
  return { ...throughput, allowed, errors: requests.length - answered.length, ...(firstError ? { firstError } : {}) };
}

export function measureEngines(world: World, requests: BenchRequest[], minWarmMs: number): EngineResult[] {
  const direct = requests.filter((r) => !r.transitive);
  const transitive = requests.filter((r) => r.transitive);
  return ENGINES.map((engine) => {
    const unavailable = probe(world, engine, direct[0] ?? transitive[0]);
    if (unavailable !== undefined) return { engine, available: false, reason: unavailable };
    return {
      engine, available: true,
      direct: measureSet(world, engine, direct, minWarmMs),
      ...(transitive.length > 0 ? { transitive: measureSet(world, engine, transitive, minWarmMs) } : {}),
    };
  });
}
