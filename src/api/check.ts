/** `check`: one concrete request, answered by the chosen engine (../shared/spec/interface.md sections 1, 2, 5). */
import type { CheckAnswer } from '../answer.js';
import type { Z3Engine } from '../engine/z3-engine.js';
import { buildKmsRequest, type KmsRequestInput } from '../request/kms-request.js';
import { checkWithReference } from '../reference/evaluator.js';
import type { World } from '../world/model.js';

export type Engine = 'z3' | 'reference';

export interface CheckInput extends KmsRequestInput {
  transitive?: boolean;
  /** Default: z3. */
  engine?: Engine;
  /** Time limit per solver query in milliseconds (Z3 engine). */
  timeoutMs?: number;
  /** Z3's deterministic resource limit per query (Z3 engine). */
  resourceLimit?: number;
}

let z3Engine: Promise<Z3Engine> | undefined;

/**
 * The process's Z3 engine, started on first use (Z3 takes about 0.5 s to start). Loaded lazily, so that the
 * reference engine and the other commands do not pay for Z3 and the intermediate form's grammar.
 */
function engine(): Promise<Z3Engine> {
  z3Engine ??= import('../engine/z3-engine.js').then((m) => m.createZ3Engine());
  return z3Engine;
}

/** Stops Z3's worker threads so the process can exit; the next check starts Z3 again. */
export async function closeEngines(): Promise<void> {
  const running = z3Engine;
  z3Engine = undefined;
  if (running) await (await running).close();
}

export async function check(world: World, input: CheckInput): Promise<CheckAnswer> {
  const request = buildKmsRequest(world, input);
  const transitive = input.transitive ?? false;
  if ((input.engine ?? 'z3') === 'reference') return checkWithReference(world, request, { transitive });
  const { timeoutMs, resourceLimit } = input;
  return (await engine()).check(world, request, {
    transitive, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(resourceLimit !== undefined ? { resourceLimit } : {}),
  });
}
