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

/** Case variants of one character (for case-insensitive patterns): only those that are one character. */
export function caseVariants(ch: string): string[] {
  return [...new Set([ch, ch.toLowerCase(), ch.toUpperCase()].filter((v) => [...v].length === 1))];
}

/** What a step of the simulation accepts: code points (case variants: up to three), or (negative) a class. */
const ANY = -1;
const NOT_COLON = -2;
const DIGIT = -3;
const IAM_NAME = -4;
/** The characters of an IAM user or role name (iam/reference_iam-quotas.md). */
const IAM_NAME_CHARS = /^[A-Za-z0-9+=,.@_-]$/;
const COLON = 0x3a;

/** The regex as steps in flat arrays (the simulation's inner loop runs |regex| × |value| times). */
interface Steps {
  count: number;
  accepted: Int32Array[];
  run: Uint8Array;
}

function stepsOf(regex: Regex): Steps {
  const accepted: number[][] = [[], [], []];
  const run: number[] = [];
  const push = (codes: number[], repeats: boolean) => {
    // A run next to the same run adds nothing (`**` is `*`).
    const last = run.length - 1;
    if (repeats && last >= 0 && run[last] === 1 && accepted[0]![last] === codes[0]) return;
    for (let k = 0; k < 3; k++) accepted[k]!.push(codes[k] ?? codes[0]!);
    run.push(repeats ? 1 : 0);
  };
  for (const item of regex) {
    switch (item.kind) {
      case 'text':
        for (const ch of item.text) push((item.ignoreCase ? caseVariants(ch) : [ch]).map((v) => v.codePointAt(0)!), false);
        break;
      case 'any-run': push([ANY], true); break;
      case 'any-char': push([ANY], false); break;
      case 'no-colon-run': push([NOT_COLON], true); break;
      case 'no-colon-char': push([NOT_COLON], false); break;
      case 'digit': push([DIGIT], false); break;
      case 'iam-name': push([IAM_NAME], false); push([IAM_NAME], true); break;
    }
  }
  return { count: run.length, accepted: accepted.map((a) => Int32Array.from(a)), run: Uint8Array.from(run) };
}

function accepts(steps: Steps, i: number, c: number): boolean {
  const a = steps.accepted[0]![i]!;
  if (a === ANY) return true;
  if (a === NOT_COLON) return c !== COLON;
  if (a === DIGIT) return c >= 0x30 && c <= 0x39;
  if (a === IAM_NAME) return IAM_NAME_CHARS.test(String.fromCodePoint(c));
  return c === a || c === steps.accepted[1]![i] || c === steps.accepted[2]![i];
}

const cache = new Map<string, Steps>();

/**
 * Evaluates a regex on a constant string (for constant folding). A set-of-states simulation over code points: at
 * most |regex| × |value| steps whatever the pattern (a backtracking RegExp took exponential time on `*a*a*a…b`).
 */
export function regexMatches(regex: Regex, value: string): boolean {
  const key = JSON.stringify(regex);
  let steps = cache.get(key);
  if (!steps) { steps = stepsOf(regex); cache.set(key, steps); }
  const n = steps.count;
  const run = steps.run;
  // active[i]: the regex's first i steps can match the value read so far.
  let active = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (states: Uint8Array) => {
    for (let i = 0; i < n; i++) if (states[i] && run[i]) states[i + 1] = 1;
  };
  active[0] = 1;
  close(active);
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!active[i] || !accepts(steps, i, c)) continue;
      next[run[i] ? i : i + 1] = 1;
      any = true;
    }
    if (!any) return false;
    close(next);
    [active, next] = [next, active];
  }
  return active[n] === 1;
}
