/**
 * Fills in what a world's input source lacks from another world holding the same keys, typically one written by
 * `keyproof collect --only kms` (issue 15: "keyproof supplements what that data lacks (grants, aliases, key state)").
 * The base world keeps its identities, organization and key policies; each of its keys found in the supplement
 * (same ARN) takes the supplement's grants, aliases, state and key metadata. Keys only the supplement has are
 * added whole. A missing part of an account and region is cleared only when every key the base world holds there
 * was found in the supplement.
 */
import { formatLocation, InputError } from '../errors.js';
import type { Key, MissingPart, World } from './model.js';

/** The missing parts a supplement can fill in: the key data `keyproof collect --only kms` writes. */
const SUPPLIED = new Set(['grants', 'aliases', 'key state', 'key metadata']);

export function supplementWorld(world: World, supplement: World): World {
  const supplied = new Set<string>();
  const base = [...world.keys.values()];
  for (const key of base) {
    const other = supplement.keys.get(key.arn);
    if (!other) continue;
    fillIn(world, key, other);
    supplied.add(key.arn);
  }
  for (const other of supplement.keys.values()) {
    if (world.keys.has(other.arn)) continue;
    world.keys.set(other.arn, other);
    for (const alias of other.aliases) addAlias(world, other, alias);
  }
  world.missingParts = world.missingParts.flatMap((part) => stillMissing(base, part, supplied));
  world.missingParts.push(...supplement.missingParts);
  world.warnings.push(...supplement.warnings);
  return world;
}

function fillIn(world: World, key: Key, other: Key): void {
  key.grants = other.grants;
  key.state = other.state;
  for (const field of ['keySpec', 'keyUsage', 'origin', 'multiRegion', 'multiRegionKeyType', 'keyManager'] as const) {
    if (other[field] !== undefined) (key as unknown as Record<string, unknown>)[field] = other[field];
  }
  for (const alias of other.aliases) addAlias(world, key, alias);
}

function addAlias(world: World, key: Key, alias: string): void {
  const arn = `${key.arn.slice(0, key.arn.lastIndexOf(':'))}:${alias}`;
  const owner = world.aliases.get(arn);
  if (owner !== undefined && owner !== key.arn) {
    throw new InputError(undefined, `the supplement gives alias ${arn} to ${key.arn}, but it already names ${owner} (${formatLocation(world.keys.get(owner)!.location)})`);
  }
  world.aliases.set(arn, key.arn);
  if (!key.aliases.includes(alias)) key.aliases.push(alias);
}

/** A missing part stays (with the keys the supplement lacked) unless every key of its account and region was supplied. */
function stillMissing(base: readonly Key[], part: MissingPart, supplied: Set<string>): MissingPart[] {
  if (part.service !== 'kms' || !SUPPLIED.has(part.what)) return [part];
  const keys = base.filter((k) => k.accountId === part.account && k.region === part.region);
  const lacking = keys.filter((k) => !supplied.has(k.arn));
  if (lacking.length === 0) return [];
  return [{ ...part, reason: `${part.reason}, and the supplement lacks ${lacking.length} of the ${keys.length} keys there` }];
}
