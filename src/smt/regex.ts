/**
 * A small regular-expression form for IAM patterns, kept independent of Z3 so that patterns over constant
 * strings fold without the solver. Globs: `*` is any run, `?` one character. ARN patterns: within the first
 * five colon-separated components, wildcards do not cross a colon (ArnLike, iam/reference_policies_elements_
 * condition_operators.md#Conditions_ARN); the resource component may contain colons.
 */
export type RegexItem =
  | { kind: 'text'; text: string; ignoreCase: boolean }
  | { kind: 'any-run' }          // any characters, any number
  | { kind: 'any-char' }         // one character
  | { kind: 'no-colon-run' }     // characters other than ':', any number
  | { kind: 'no-colon-char' }    // one character other than ':'
  | { kind: 'digit' }            // one of 0-9
  | { kind: 'iam-name' };        // a user or role name: one or more of A-Z a-z 0-9 + = , . @ _ - (iam/reference_iam-quotas.md)

/** A regex is a concatenation of items. */
export type Regex = RegexItem[];

function escapeJs(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => (c === '-' ? '-' : `\\${c}`));
}

const jsCache = new Map<string, RegExp>();

/** Evaluates a regex on a constant string (for constant folding). */
export function regexMatches(regex: Regex, value: string): boolean {
  const key = JSON.stringify(regex);
  let re = jsCache.get(key);
  if (!re) {
    const source = regex.map((item) => {
      switch (item.kind) {
        case 'text': return item.ignoreCase
          ? [...item.text].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${escapeJs(c.toLowerCase())}${escapeJs(c.toUpperCase())}]` : escapeJs(c))).join('')
          : escapeJs(item.text);
        case 'any-run': return '[\\s\\S]*';
        case 'any-char': return '[\\s\\S]';
        case 'no-colon-run': return '[^:]*';
        case 'no-colon-char': return '[^:]';
        case 'digit': return '[0-9]';
        case 'iam-name': return '[A-Za-z0-9+=,.@_-]+';
      }
    }).join('');
    re = new RegExp(`^${source}$`, 'u');
    jsCache.set(key, re);
  }
  return re.test(value);
}
