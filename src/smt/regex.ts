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
  | { kind: 'digit' };           // one of 0-9

/** A regex is a concatenation of items. */
export type Regex = RegexItem[];

/** Case variants of one character (for case-insensitive patterns): only those that are one character. */
export function caseVariants(ch: string): string[] {
  return [...new Set([ch, ch.toLowerCase(), ch.toUpperCase()].filter((v) => [...v].length === 1))];
}

/** One step of a regex: a single character test, or a run of characters passing the test (any number of them). */
interface Step {
  run: boolean;
  accepts(codePoint: number): boolean;
}

const COLON = 0x3a;

function stepsOf(regex: Regex): Step[] {
  const steps: Step[] = [];
  for (const item of regex) {
    switch (item.kind) {
      case 'text':
        for (const ch of item.text) {
          const variants = (item.ignoreCase ? caseVariants(ch) : [ch]).map((v) => v.codePointAt(0)!);
          steps.push({ run: false, accepts: (c) => variants.includes(c) });
        }
        break;
      case 'any-run': steps.push({ run: true, accepts: () => true }); break;
      case 'any-char': steps.push({ run: false, accepts: () => true }); break;
      case 'no-colon-run': steps.push({ run: true, accepts: (c) => c !== COLON }); break;
      case 'no-colon-char': steps.push({ run: false, accepts: (c) => c !== COLON }); break;
      case 'digit': steps.push({ run: false, accepts: (c) => c >= 0x30 && c <= 0x39 }); break;
    }
  }
  return steps;
}

/**
 * Evaluates a regex on a constant string (for constant folding). A set-of-states simulation over code points: at
 * most |regex| × |value| steps whatever the pattern (a backtracking RegExp took exponential time on `*a*a*a…b`).
 */
export function regexMatches(regex: Regex, value: string): boolean {
  const steps = stepsOf(regex);
  // active[i]: the regex's first i steps can match the value read so far.
  let active = new Uint8Array(steps.length + 1);
  const close = (states: Uint8Array) => {
    for (let i = 0; i < steps.length; i++) if (states[i] && steps[i]!.run) states[i + 1] = 1;
  };
  active[0] = 1;
  close(active);
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    const next = new Uint8Array(steps.length + 1);
    let any = false;
    for (let i = 0; i < steps.length; i++) {
      if (!active[i] || !steps[i]!.accepts(c)) continue;
      next[steps[i]!.run ? i : i + 1] = 1;
      any = true;
    }
    if (!any) return false;
    close(next);
    active = next;
  }
  return active[steps.length] === 1;
}
