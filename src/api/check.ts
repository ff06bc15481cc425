/** `check`: one concrete request, answered by the chosen engine (../shared/spec/interface.md sections 1, 2, 5). */
import type { CheckAnswer } from '../answer.js';
import { InputError } from '../errors.js';
import { buildKmsRequest, type KmsRequestInput } from '../request/kms-request.js';
import { checkWithReference } from '../reference/evaluator.js';
import type { World } from '../world/model.js';

export type Engine = 'z3' | 'reference';

export interface CheckInput extends KmsRequestInput {
  transitive?: boolean;
  engine?: Engine;
}

export function check(world: World, input: CheckInput): CheckAnswer {
  const engine = input.engine ?? 'reference';
  if (engine === 'z3') {
    // The Z3 engine is the subject of a later milestone; never answer with another engine in its name.
    throw new InputError(undefined, '--engine z3: the Z3 engine is not available in this version of keyproof; use --engine reference');
  }
  const request = buildKmsRequest(world, input);
  return checkWithReference(world, request, { transitive: input.transitive ?? false });
}
