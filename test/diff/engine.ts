/**
 * What the differential test needs of an engine: the shape of the Z3 engine's API (src/engine/z3-engine.ts),
 * so that any engine of that shape can be compared with the reference evaluator.
 */
import type { CheckAnswer } from '../../src/answer.js';
import type { CheckRequest } from '../../src/reference/evaluator.js';
import type { World } from '../../src/world/model.js';

export interface EngineCheckOptions {
  transitive?: boolean;
  /** A time limit; an engine may answer UNKNOWN only when it runs out of time. */
  timeoutMs?: number;
}

export interface Engine {
  check(world: World, request: CheckRequest, options?: EngineCheckOptions): Promise<CheckAnswer>;
  /** Ends the engine's worker threads (the Z3 engine's close returns a promise). */
  close(): void | Promise<void>;
}

export type EngineFactory = () => Promise<Engine>;
