/**
 * Content hashes of parts of the world: SHA-256 over a canonical form of the model (object keys sorted, Map and
 * array order kept, since order shows in answers; source locations included, since answers cite them). Two
 * values hash the same only if they hold the same data, whichever object graph carries it.
 */
import { createHash, type Hash } from 'node:crypto';
import { InternalError } from '../errors.js';
import type { World } from './model.js';

/** A source location of the model: its line and column move when text above it changes; its file and pointer do not. */
export function isLocation(value: object): value is { file: string; pointer: string; line?: number; column?: number } {
  const v = value as { file?: unknown; pointer?: unknown };
  return typeof v.file === 'string' && typeof v.pointer === 'string';
}

function feed(hash: Hash, value: unknown, path: unknown[], positions: boolean): void {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    hash.update(JSON.stringify(value));
    return;
  }
  if (value === undefined) { hash.update('u'); return; }
  if (typeof value !== 'object') throw new InternalError(`cannot hash a ${typeof value} of the world model; please report this`);
  // A cycle would recurse forever; the world model has none, and a shared object is hashed at each place.
  if (path.includes(value)) throw new InternalError('the world model holds a cycle; please report this');
  path.push(value);
  if (Array.isArray(value)) {
    hash.update('[');
    for (const item of value) { feed(hash, item, path, positions); hash.update(','); }
    hash.update(']');
  } else if (value instanceof Map) {
    hash.update('M{');
    for (const [k, v] of value) { feed(hash, k, path, positions); hash.update(':'); feed(hash, v, path, positions); hash.update(','); }
    hash.update('}');
  } else if (value instanceof Set) {
    hash.update('S[');
    for (const item of value) { feed(hash, item, path, positions); hash.update(','); }
    hash.update(']');
  } else if (value instanceof RegExp) {
    hash.update(`R${JSON.stringify(String(value))}`);
  } else {
    hash.update('{');
    const skipPositions = !positions && isLocation(value);
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined || (skipPositions && (k === 'line' || k === 'column'))) continue;
      hash.update(JSON.stringify(k));
      hash.update(':');
      feed(hash, v, path, positions);
      hash.update(',');
    }
    hash.update('}');
  }
  path.pop();
}

/** The SHA-256 (hex) of the values' canonical form, in order. */
export function contentHash(...values: unknown[]): string {
  const hash = createHash('sha256');
  feed(hash, values, [], true);
  return hash.digest('hex');
}

/**
 * The same, but blind to the line and column of source locations (their file and JSON pointer count): for
 * answers that can be moved to new positions (src/questions/audit/relocate.ts) when text above them changed.
 */
export function positionFreeHash(...values: unknown[]): string {
  const hash = createHash('sha256');
  feed(hash, values, [], false);
  return hash.digest('hex');
}

/** Everything the world holds, warnings included: two worlds with the same hash answer every question the same. */
export function worldContentHash(world: World): string {
  return contentHash('keyproof world', world);
}
