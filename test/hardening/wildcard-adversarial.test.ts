/**
 * Issue 12, item 4: wildcard matching takes polynomial time on adversarial patterns (`*a*a*a…b` made a
 * backtracking RegExp run for minutes), in the reference (src/policy/wildcard.ts) and in the Z3 engine's constant
 * folding (src/smt/regex.ts), and still agrees with an independent matcher: dynamic programming over prefixes.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { matchesWildcard } from '../../src/policy/wildcard.js';
import { regexMatches, type Regex } from '../../src/smt/regex.js';

/** match[i][j]: the first i pattern characters match the first j value characters. */
function dpMatch(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const v = Array.from(value);
  let row = new Array<boolean>(v.length + 1).fill(false);
  row[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(v.length + 1).fill(false);
    if (c === '*') {
      next[0] = row[0]!;
      for (let j = 1; j <= v.length; j++) next[j] = row[j]! || next[j - 1]!;
    } else {
      for (let j = 1; j <= v.length; j++) next[j] = row[j - 1]! && (c === '?' || c === v[j - 1]);
    }
    row = next;
  }
  return row[v.length]!;
}

/** The pattern as the Z3 engine's regex items (outside ARNs: runs and single characters of any kind). */
function regexOf(pattern: string): Regex {
  const items: Regex = [];
  for (const c of pattern) {
    if (c === '*') items.push({ kind: 'any-run' });
    else if (c === '?') items.push({ kind: 'any-char' });
    else items.push({ kind: 'text', text: c, ignoreCase: false });
  }
  return items;
}

/** Patterns and values built to make backtracking explode: many stars, long runs of the same character. */
const adversarial = fc.record({
  pattern: fc.array(fc.constantFrom('*', '*a', 'a', '?', 'b', '*a*', '**'), { minLength: 1, maxLength: 40 }).map((parts) => parts.join('')),
  value: fc.tuple(fc.nat({ max: 300 }), fc.constantFrom('', 'b', 'c', 'ab')).map(([n, tail]) => 'a'.repeat(n) + tail),
});

const MATCH_BOUND_MS = 200;

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

describe('adversarial wildcard patterns (fast-check, seed 7)', () => {
  test('the reference and the Z3 folding agree with dynamic programming, each match within its bound', () => {
    fc.assert(fc.property(adversarial, ({ pattern, value }) => {
      const expected = dpMatch(pattern, value);
      const reference = timed(() => matchesWildcard(pattern, value));
      const folding = timed(() => regexMatches(regexOf(pattern), value));
      expect(reference.result).toBe(expected);
      expect(folding.result).toBe(expected);
      expect(reference.ms).toBeLessThan(MATCH_BOUND_MS);
      expect(folding.ms).toBeLessThan(MATCH_BOUND_MS);
    }), { seed: 7, numRuns: 500, verbose: true });
  });

  test('the worst case of the issue: an 11 KB `*a*a…b` pattern against 10,000 characters, in well under a second', () => {
    const pattern = `${'*a'.repeat(5500)}b`;
    const value = 'a'.repeat(10_000);
    const reference = timed(() => matchesWildcard(pattern, value));
    expect(reference.result).toBe(false);
    expect(reference.ms).toBeLessThan(2_000);
    const folding = timed(() => regexMatches(regexOf(pattern), value.slice(0, 2_000)));
    expect(folding.result).toBe(false);
    expect(folding.ms).toBeLessThan(2_000);
  });
});
