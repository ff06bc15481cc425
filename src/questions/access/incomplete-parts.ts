/**
 * Which parts the collector could not read (World.incompleteParts) an answer depends on. A missing IAM, STS or
 * Organizations part can hide principals, role chains, boundaries or SCPs that bear on any key; a missing KMS
 * part (or an account's region list) hides the keys, grants, aliases or tags of its account and region only.
 * An answer about some keys depends on the parts that bear on those keys; an answer about every key of the world
 * (what-can, a full audit) also on every KMS part, since the keys it lacks are absent from the answer.
 */
import type { IncompletePart, Key, World } from '../../world/model.js';

/** Services whose parts concern the keys of one account and region, not the principals. */
const KEY_SERVICES: ReadonlySet<string> = new Set(['kms', 'account']);

export interface IncompleteScope {
  /** The keys the answer is about. */
  keys: readonly Key[];
  /** The answer covers every key of the estate, so keys missing from the world would be missing from it. */
  everyKey: boolean;
}

export function incompletePartsAffecting(world: World, scope: IncompleteScope): IncompletePart[] {
  return world.incompleteParts.filter((part) => {
    if (!KEY_SERVICES.has(part.service)) return true;
    if (scope.everyKey) return true;
    return scope.keys.some((key) => part.account === key.accountId && (part.region === undefined || part.region === key.region));
  });
}

/** One line naming a part and why it is missing, for the answer's `undecided` list. */
export function describeIncompletePart(part: IncompletePart): string {
  const where = part.region !== undefined ? `account ${part.account} in ${part.region}` : `account ${part.account}`;
  const about = part.resource !== undefined ? ` for ${part.resource}` : '';
  return `not collected: ${part.service}:${part.operation} in ${where}${about} failed (${part.error})`;
}
