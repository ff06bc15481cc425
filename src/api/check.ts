/** `check`: one concrete request, answered by the chosen engine (../shared/spec/interface.md sections 1, 2, 5). */
import type { CheckAnswer } from '../answer.js';
import { z3Engine } from './engine-instance.js';
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

export { closeEngines } from './engine-instance.js';

export async function check(world: World, input: CheckInput): Promise<CheckAnswer> {
  const request = buildKmsRequest(world, input);
  const transitive = input.transitive ?? false;
  if ((input.engine ?? 'z3') === 'reference') return checkWithReference(world, request, { transitive });
  const { timeoutMs, resourceLimit } = input;
  return (await z3Engine()).check(world, request, {
    transitive, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(resourceLimit !== undefined ? { resourceLimit } : {}),
  });
}
