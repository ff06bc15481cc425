/**
 * Wildcard matching as IAM uses it in Action, Resource, StringLike and ArnLike:
 * `*` matches any run of characters (including none), `?` matches exactly one character
 * (reference_policies_elements_condition_operators.md, "String condition operators").
 * Matching is on the whole value; there is no escape for `*` or `?` in patterns.
 */

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = cache.get(cacheKey);
  if (!re) {
    let source = '';
    for (const ch of pattern) {
      if (ch === '*') source += '[\\s\\S]*';
      else if (ch === '?') source += '[\\s\\S]';
      // Escape only syntax characters: a unicode-mode RegExp rejects needless escapes such as `\-`.
      else source += /[\\^$.|+()[\]{}/]/.test(ch) ? `\\${ch}` : ch;
    }
    re = new RegExp(`^${source}$`, 'u');
    cache.set(cacheKey, re);
  }
  return re;
}

/** Does `value` match `pattern` with `*` and `?` wildcards? */
export function matchesWildcard(pattern: string, value: string, options: { ignoreCase?: boolean } = {}): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return options.ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  // Case-insensitive matching lower-cases both sides, as the exact comparison above does, rather than using the
  // RegExp `i` flag, whose Unicode case folding would disagree with it (e.g. on 'ſ').
  if (options.ignoreCase) return toRegExp(pattern.toLowerCase(), true).test(value.toLowerCase());
  return toRegExp(pattern, false).test(value);
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
