/**
 * Which of the world's missing parts (World.missingParts: data its input source does not hold) an answer depends
 * on, as the reasons the answer is incomplete. An answer about a key depends on the parts of the key's account and
 * region; an answer about every key (audit, what-can) also on keys the world had to leave out.
 */
import type { Key, MissingPart, World } from '../../world/model.js';

function concerns(part: MissingPart, key: Key): boolean {
  return part.account === key.accountId && (part.region === undefined || part.region === key.region)
    && (part.resource === undefined || part.resource === key.arn);
}

function said(part: MissingPart): string {
  const place = `account ${part.account}${part.region ? `, ${part.region}` : ''}`;
  const subject = part.resource ? `the ${part.what} of ${part.resource}` : `the ${part.what} of the ${part.service.toUpperCase()} resources in ${place}`;
  return `${subject}: not in the world (${part.reason})`;
}

/** The missing parts an answer about these keys depends on (`everyKey`: the answer covers every key of the world). */
export function missingPartsFor(world: World, keys: readonly Key[], everyKey = false): string[] {
  return world.missingParts
    .filter((part) => (everyKey && part.resource !== undefined) || keys.some((key) => concerns(part, key)))
    .map(said);
}
