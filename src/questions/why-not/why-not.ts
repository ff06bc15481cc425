/**
 * Why not: for a denied request, the smallest sets of changes that would allow it (issue 17 item 4). The Z3 engine
 * finds them over the world with every candidate change as a free choice (search.ts); the reference evaluator, an
 * independent reading of the AWS documentation, checks each by making the changes to a copy of the world and
 * asking the request again. Only sets it ALLOWS are given.
 */
import type { WhyNotAlternative, WhyNotLimit } from '../../answer.js';
import type { Limits } from '../../engine/limits.js';
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import { resolveCaller } from '../../request/caller.js';
import { contextFor, type KmsRequest } from '../../request/kms-request.js';
import { checkWithReference } from '../../reference/evaluator.js';
import type { World } from '../../world/model.js';
import { applyWhyNotChanges } from './apply-changes.js';
import { searchChanges } from './search.js';

/** At most this many alternatives are shown. */
export const MAX_WHY_NOT_ALTERNATIVES = 3;

export interface WhyNotResult {
  alternatives: WhyNotAlternative[];
  /** Why the search stopped short, when it did. */
  incomplete?: string;
  /** What stands in the way that no proposed change overcomes. */
  limits: WhyNotLimit[];
}

/** Does the reference evaluator allow the request once the changes are made? */
export function referenceAllowsWith(world: World, req: KmsRequest, alternative: WhyNotAlternative): boolean {
  const changed = applyWhyNotChanges(world, alternative.changes);
  if (!changed) return false;
  const key = changed.keys.get(req.key.arn);
  if (!key) return false;
  const caller = resolveCaller(changed, req.caller.arn);
  const request: KmsRequest = { ...req, caller, key, context: contextFor(changed, caller, key, req.alias, req.overrides) };
  return checkWithReference(changed, request).decision === 'ALLOW';
}

export async function whyNot(runtime: QuestionRuntime, world: World, req: KmsRequest, limits: Limits): Promise<WhyNotResult> {
  // A few more than are shown, so that one the reference evaluator refuses does not leave a gap.
  const { sets, incomplete, limits: obstacles } = await searchChanges(runtime, world, req, limits, MAX_WHY_NOT_ALTERNATIVES + 1);
  const alternatives: WhyNotAlternative[] = [];
  for (const set of sets) {
    if (alternatives.length >= MAX_WHY_NOT_ALTERNATIVES) break;
    const alternative = { changes: set.map((c) => c.change) };
    if (referenceAllowsWith(world, req, alternative)) alternatives.push(alternative);
  }
  return { alternatives, ...(incomplete ? { incomplete } : {}), limits: obstacles };
}
