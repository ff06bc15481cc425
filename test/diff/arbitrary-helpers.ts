/**
 * Small combinators the generators share. Each shrinks toward the simplest value (false, absent, the first
 * alternative), so that fast-check's shrunk counterexamples keep only what the failure needs.
 */
import fc from 'fast-check';

export const weighted = <T>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary, weight });

/** One of the weighted alternatives; shrinking may move to an earlier alternative, so list the simplest first. */
export function pickOne<T>(...alternatives: { arbitrary: fc.Arbitrary<T>; weight: number }[]): fc.Arbitrary<T> {
  return fc.oneof({ withCrossShrink: true }, ...alternatives);
}

/** True with the given probability (in percent); shrinks to false. */
export function chance(percent: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 0, max: 99 }).map((roll) => roll >= 100 - percent);
}

/** `arb` with the given probability (in percent), else undefined; shrinks to undefined. */
export function sometimes<T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> {
  return pickOne(weighted(fc.constant(undefined), 100 - percent), weighted(arb, percent));
}
