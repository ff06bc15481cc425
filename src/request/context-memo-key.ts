/**
 * The part of a request's context that memoized role reachability is keyed by. Every request carries its time
 * (aws:CurrentTime, aws:EpochTime: derive-context.ts, requestTime), so keying by the whole context would never
 * reuse a step. The time can change a decision only through a policy that mentions it (a condition key or a
 * policy variable), so when no string of the world mentions either key, the time is left out of the key; every
 * other value (sts:ExternalId, MFA, --context values) stays in, so a conditional step is never reused under
 * another context.
 */
import type { World } from '../world/model.js';
import type { ContextEntries } from './derive-context.js';

const TIME_KEYS = ['aws:currenttime', 'aws:epochtime'];

const mentionsTime = new WeakMap<World, boolean>();

/** Does any string of the model (policy documents included) mention a time key? A walk over the whole world, once. */
function worldMentionsTime(world: World): boolean {
  let known = mentionsTime.get(world);
  if (known !== undefined) return known;
  known = false;
  const seen = new Set<object>();
  const stack: unknown[] = [world];
  while (stack.length > 0 && !known) {
    const value = stack.pop();
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      known = lower.includes('currenttime') || lower.includes('epochtime');
    } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      if (value instanceof Map) for (const [k, v] of value) stack.push(k, v);
      else if (value instanceof Set || Array.isArray(value)) for (const v of value) stack.push(v);
      else for (const v of Object.values(value)) stack.push(v);
    }
  }
  mentionsTime.set(world, known);
  return known;
}

export function contextMemoKey(world: World, overrides: ContextEntries): string {
  const kept = worldMentionsTime(world) ? overrides : overrides.filter(([key]) => !TIME_KEYS.includes(key.toLowerCase()));
  return JSON.stringify(kept);
}
