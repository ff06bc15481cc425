/**
 * Small combinators the generators share. Each shrinks toward the simplest value (false, absent, the first
 * alternative), so that fast-check's shrunk counterexamples keep only what the failure needs.
 */
import fc from 'fast-check';

export interface WeightedArbitrary<T> {
  arbitrary: fc.Arbitrary<T>;
  weight: number;
}

export const weighted = <T>(arbitrary: fc.Arbitrary<T>, weight: number): WeightedArbitrary<T> => ({ arbitrary, weight });

type ValueOf<W> = W extends WeightedArbitrary<infer T> ? T : never;

/** One of the weighted alternatives; shrinking may move to an earlier alternative, so list the simplest first. */
export function pickOne<Ws extends WeightedArbitrary<unknown>[]>(...alternatives: Ws): fc.Arbitrary<ValueOf<Ws[number]>> {
  return fc.oneof({ withCrossShrink: true }, ...alternatives) as fc.Arbitrary<ValueOf<Ws[number]>>;
}

/** True with the given probability (in percent); shrinks to false. */
export function chance(percent: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 0, max: 99 }).map((roll) => roll >= 100 - percent);
}

/** `arb` with the given probability (in percent), else undefined; shrinks to undefined. */
export function sometimes<T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> {
  return pickOne(weighted(fc.constant(undefined), 100 - percent), weighted(arb, percent));
}
