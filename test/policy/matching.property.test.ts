import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesArnPattern } from '../../src/policy/arn.js';
import type { TextSegment } from '../../src/policy/variables.js';
import { matchesResolvedText } from '../../src/reference/variables.js';
import { matchesWildcard } from '../../src/policy/wildcard.js';
import { oracleArnMatch, oracleMatch, tokensOf } from './matching-oracle.js';
import type { Token } from './matching-oracle.js';

const RUNS = { seed: 42, numRuns: 3000, verbose: true } as const;

/** Short strings over an alphabet where collisions are likely; includes an astral character and regex metacharacters. */
const text = (alphabet: string[], maxLength = 8) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((cs) => cs.join(''));
const PATTERN_ALPHABET = ['a', 'b', '*', '?', '.', '\\', '(', '[', '😀', 'é'];
const CASE_ALPHABET = ['a', 'A', 'b', 'B', 'é', 'É', '*', '?'];
const ARN_ALPHABET = ['a', 'b', ':', '*', '?', '/'];

/** A value built from the pattern by filling its wildcards, so that matches are frequent. */
const patternAndValue = (alphabet: string[]) =>
  text(alphabet).chain((pattern) =>
    fc.tuple(
      fc.constant(pattern),
      fc.oneof(
        text(alphabet),
        fc.array(text(alphabet, 3), { minLength: Array.from(pattern).length, maxLength: Array.from(pattern).length }).map((fills) =>
          Array.from(pattern, (ch, i) => (ch === '*' ? fills[i]! : ch === '?' ? (Array.from(fills[i]!)[0] ?? 'a') : ch)).join(''),
        ),
      ),
    ),
  );

describe('matchesWildcard against a backtracking oracle (fast-check, seed 42)', () => {
  it('case-sensitive', () => {
    fc.assert(
      fc.property(patternAndValue(PATTERN_ALPHABET), ([pattern, value]) => {
        expect(matchesWildcard(pattern, value)).toBe(oracleMatch(tokensOf(pattern), value));
      }),
      RUNS,
    );
  });

  it('ignoring case', () => {
    fc.assert(
      fc.property(patternAndValue(CASE_ALPHABET), ([pattern, value]) => {
        expect(matchesWildcard(pattern, value, { ignoreCase: true })).toBe(oracleMatch(tokensOf(pattern), value, true));
      }),
      RUNS,
    );
  });
});

describe('matchesArnPattern against a component-wise oracle (fast-check, seed 42)', () => {
  it('agrees on arbitrary colon-rich strings', () => {
    fc.assert(
      fc.property(patternAndValue(ARN_ALPHABET), ([pattern, value]) => {
        expect(matchesArnPattern(pattern, value)).toBe(oracleArnMatch(pattern, value));
      }),
      RUNS,
    );
  });

  it('agrees on ARN-shaped strings', () => {
    const component = text(['a', 'b', '*', '?', '/', '-'], 4);
    const arn = fc.tuple(component, component, component, component, text(['a', 'b', '*', '?', '/', ':'], 6)).map(
      (parts) => `arn:${parts.join(':')}`,
    );
    fc.assert(
      fc.property(arn, arn, (pattern, value) => {
        expect(matchesArnPattern(pattern, value)).toBe(oracleArnMatch(pattern, value));
      }),
      RUNS,
    );
  });
});

describe('matchesResolvedText keeps verbatim * and ? literal (fast-check, seed 42)', () => {
  const segment = fc.record({ text: text(['a', '*', '?', '\uE000'], 4), verbatim: fc.boolean() });
  const tokensOfSegments = (segments: TextSegment[]): Token[] => segments.flatMap((s) => tokensOf(s.text, !s.verbatim));

  it('agrees with a token oracle in which verbatim characters are plain characters', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), text(['a', '*', '?', '\uE000', '\uE001'], 8), (segments, value) => {
        const resolved = { text: segments.map((s) => s.text).join(''), segments };
        const oracle = oracleMatch(tokensOfSegments(segments), value);
        expect(matchesResolvedText(resolved, value, { wildcards: true })).toBe(oracle);
      }),
      RUNS,
    );
  });

  it('agrees with the component-wise ARN oracle', () => {
    const arnSegment = fc.record({ text: text(['a', '*', '?', ':'], 3), verbatim: fc.boolean() });
    const colon: TextSegment = { text: ':', verbatim: false };
    // Six groups of segments joined by written colons, so that most patterns have ARN shape.
    const segmentsArb = fc.array(fc.array(arnSegment, { maxLength: 2 }), { minLength: 6, maxLength: 6 })
      .map((groups) => groups.flatMap((g, i) => (i === 0 ? g : [colon, ...g])));
    // The value: random, or the pattern with its written wildcards filled in.
    const withValue = segmentsArb.chain((segments) =>
      fc.tuple(
        fc.constant(segments),
        fc.oneof(
          text(['a', '*', '?', ':'], 12),
          fc.array(text(['a', ':', '*'], 2), { minLength: 20, maxLength: 20 }).map((fills) => {
            let i = 0;
            return segments
              .map((s) => (s.verbatim ? s.text : s.text.replace(/[*?]/g, (w) => (w === '*' ? fills[i++ % 20]! : 'a'))))
              .join('');
          }),
        ),
      ),
    );
    let matches = 0;
    fc.assert(
      fc.property(withValue, ([segments, value]) => {
        const resolved = { text: segments.map((s) => s.text).join(''), segments };
        // Oracle: mark verbatim characters, split the marked pattern into components, match each.
        const marked = segments.flatMap((s) => Array.from(s.text, (char) => ({ char, verbatim: s.verbatim })));
        const p: (typeof marked)[] = [[]];
        for (const m of marked) {
          if (m.char === ':' && p.length < 6) p.push([]);
          else p[p.length - 1]!.push(m);
        }
        const v = value.split(':');
        const valueParts = v.length < 6 ? undefined : [...v.slice(0, 5), v.slice(5).join(':')];
        const oracle =
          p.length === 6 &&
          valueParts !== undefined &&
          p.every((component, i) =>
            oracleMatch(component.map((m): Token => (m.verbatim ? { kind: 'char', char: m.char } : tokensOf(m.char)[0]!)), valueParts[i]!),
          );
        if (oracle) matches++;
        expect(matchesResolvedText(resolved, value, { wildcards: true, arn: true })).toBe(oracle);
      }),
      RUNS,
    );
    // The property only says something if matches are frequent, not just non-matches.
    expect(matches).toBeGreaterThan(RUNS.numRuns / 10);
  });
});
