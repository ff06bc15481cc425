/**
 * An independent reference matcher for the property tests: plain recursive backtracking over code points,
 * no regular expressions. A pattern is a list of tokens; `*` matches any run, `?` exactly one code point.
 */
export type Token = { kind: 'any-run' } | { kind: 'any-one' } | { kind: 'char'; char: string };

export function tokensOf(pattern: string, wildcards = true): Token[] {
  return Array.from(pattern, (char): Token =>
    wildcards && char === '*' ? { kind: 'any-run' } : wildcards && char === '?' ? { kind: 'any-one' } : { kind: 'char', char },
  );
}

export function oracleMatch(tokens: readonly Token[], value: string, ignoreCase = false): boolean {
  const chars = Array.from(value);
  const same = (a: string, b: string) => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  const go = (t: number, v: number): boolean => {
    if (t === tokens.length) return v === chars.length;
    const token = tokens[t]!;
    switch (token.kind) {
      case 'any-run':
        for (let skip = v; skip <= chars.length; skip++) if (go(t + 1, skip)) return true;
        return false;
      case 'any-one':
        return v < chars.length && go(t + 1, v + 1);
      case 'char':
        return v < chars.length && same(token.char, chars[v]!) && go(t + 1, v + 1);
    }
  };
  return go(0, 0);
}

/** The six ARN components: five colon-terminated fields, then the rest. Undefined with fewer than five colons. */
export function arnComponents(text: string): string[] | undefined {
  const components: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    components.push(text.slice(start, colon));
    start = colon + 1;
  }
  components.push(text.slice(start));
  return components;
}

export function oracleArnMatch(pattern: string, value: string): boolean {
  const p = arnComponents(pattern);
  const v = arnComponents(value);
  return p !== undefined && v !== undefined && p.every((component, i) => oracleMatch(tokensOf(component), v[i]!));
}
