/**
 * Every diff witness is a claim about two concrete requests: one world allows it and the other does not. The
 * reference evaluator (src/reference/) checks the claim on each side's concrete world before the witness is
 * shown; a disagreement is a bug in one of the engines, never an answer (issue 4, item 6).
 */
import type { CheckAnswer } from '../../answer.js';
import { InternalError } from '../../errors.js';
import { checkWithReference } from '../../reference/evaluator.js';
import type { DiffRequest, DiffScenario } from './scenario.js';
import type { Side } from '../../engine/pair-solver.js';

export const otherSide = (side: Side): Side => (side === 'new' ? 'old' : 'new');

/** The reference evaluator's answers on both sides; throws InternalError unless `allowedBy` alone allows. */
export function verifyWitness(scenario: DiffScenario, request: DiffRequest, allowedBy: Side): Record<Side, CheckAnswer> {
  const answer = (side: Side) => {
    const { world, request: concrete } = scenario.concrete(side, request);
    return checkWithReference(world, concrete);
  };
  const answers = { old: answer('old'), new: answer('new') };
  const denier = otherSide(allowedBy);
  if (answers[allowedBy].decision !== 'ALLOW' || answers[denier].decision !== 'DENY') {
    throw new InternalError(
      `the Z3 engine found a request that the ${allowedBy} policy allows and the ${denier} one does not, but the reference evaluator ` +
      `answers ${answers[allowedBy].decision} (${answers[allowedBy].reason}) for the ${allowedBy} policy and ` +
      `${answers[denier].decision} (${answers[denier].reason}) for the ${denier} one; request: ${JSON.stringify({ ...request, operation: request.operation.action })}; please report this`);
  }
  return answers;
}
