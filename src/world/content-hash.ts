/**
 * Content hashes of parts of the world: SHA-256 over a canonical form of the model (object keys sorted, Map and
 * array order kept, since order shows in answers; source locations included, since answers cite them). Two
 * values hash the same only if they hold the same data, whichever object graph carries it.
 */
import { createHash, type Hash } from 'node:crypto';
import { InternalError } from '../errors.js';
import type { World } from './model.js';

function feed(hash: Hash, value: unknown, path: unknown[]): void {
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
    for (const item of value) { feed(hash, item, path); hash.update(','); }
    hash.update(']');
  } else if (value instanceof Map) {
    hash.update('M{');
    for (const [k, v] of value) { feed(hash, k, path); hash.update(':'); feed(hash, v, path); hash.update(','); }
    hash.update('}');
  } else if (value instanceof Set) {
    hash.update('S[');
    for (const item of value) { feed(hash, item, path); hash.update(','); }
    hash.update(']');
  } else if (value instanceof RegExp) {
    hash.update(`R${JSON.stringify(String(value))}`);
  } else {
    hash.update('{');
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      hash.update(JSON.stringify(k));
      hash.update(':');
      feed(hash, v, path);
      hash.update(',');
    }
    hash.update('}');
  }
  path.pop();
}

/** The SHA-256 (hex) of the values' canonical form, in order. */
export function contentHash(...values: unknown[]): string {
  const hash = createHash('sha256');
  feed(hash, values, []);
  return hash.digest('hex');
}

/** Everything the world holds, warnings included: two worlds with the same hash answer every question the same. */
export function worldContentHash(world: World): string {
  return contentHash('keyproof world', world);
}
