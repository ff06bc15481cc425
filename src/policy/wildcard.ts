/**
 * Wildcard matching as IAM uses it in Action, Resource, StringLike and ArnLike:
 * `*` matches any run of characters (including none), `?` matches exactly one character
 * (reference_policies_elements_condition_operators.md, "String condition operators").
 * Matching is on the whole value; there is no escape for `*` or `?` in patterns.
 *
 * The matcher walks code points with one remembered star (no regular expression): a pattern from an untrusted
 * world such as `*a*a*a…b` takes at most |pattern| × |value| steps, where a backtracking RegExp took exponential time.
 */

const STAR = 0x2a;
const QUESTION = 0x3f;

/** Code points (a lone surrogate counts as one, as in a unicode-mode RegExp). */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (const ch of text) points.push(ch.codePointAt(0)!);
  return points;
}

/**
 * Glob matching with the last star remembered: on a mismatch only the most recent `*` needs to absorb one more
 * character, since any earlier star's extra characters can be absorbed by the later one as well.
 */
function globMatch(pattern: readonly number[], value: readonly number[]): boolean {
  let p = 0;
  let v = 0;
  let starAt = -1;
  let starValue = 0;
  while (v < value.length) {
    const c = pattern[p];
    if (c === STAR) {
      starAt = p++;
      starValue = v;
    } else if (c !== undefined && (c === QUESTION || c === value[v])) {
      p++;
      v++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      v = ++starValue;
    } else {
      return false;
    }
  }
  while (pattern[p] === STAR) p++;
  return p === pattern.length;
}

/** Does `value` match `pattern` with `*` and `?` wildcards? */
export function matchesWildcard(pattern: string, value: string, options: { ignoreCase?: boolean } = {}): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return options.ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  // Case-insensitive matching lower-cases both sides, as the exact comparison above does (Unicode case folding
  // per character would disagree with it, e.g. on 'ſ').
  if (options.ignoreCase) return globMatch(codePoints(pattern.toLowerCase()), codePoints(value.toLowerCase()));
  return globMatch(codePoints(pattern), codePoints(value));
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
