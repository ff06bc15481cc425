/**
 * Policy variables (iam/reference_policies_variables.md): `${aws:username}`, `${aws:PrincipalTag/team}`,
 * `${aws:PrincipalTag/team, 'default'}` and the special characters `${*}`, `${?}`, `${$}`.
 *
 * Substituted text is kept apart from the text the policy author wrote, so that a `*` that came from `${*}`
 * (or from a context value) is matched as a plain character while a written `*` stays a wildcard
 * (reference_policies_variables.md#policy-vars-specialchars).
 *
 * This file only reads policy text; substituting request values and matching live in reference/variables.ts
 * (the reference evaluator's), and the Z3 engine lowers the parsed parts itself (ir/lower/pattern.ts).
 */

/**
 * reference_policies_variables.md, note under "Using variables in policies" and reference_policies_elements_version.md:
 * variables were introduced in 2012-10-17; under any other or no Version they are literal strings.
 */
export function supportsPolicyVariables(version: string | undefined): boolean {
  return version === '2012-10-17';
}

/** A piece of policy text: written text, a variable, or one of the special-character variables. */
export type PolicyTextPart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; key: string; defaultValue?: string }
  | { kind: 'special'; char: '*' | '?' | '$' };

/**
 * Splits policy text into written text and variables. Under a Version without variables, or where `${`
 * does not start a well-formed variable, the text is kept as written.
 */
export function parsePolicyText(text: string, version: string | undefined): PolicyTextPart[] {
  if (!supportsPolicyVariables(version) || !text.includes('${')) return text === '' ? [] : [{ kind: 'text', text }];
  const parts: PolicyTextPart[] = [];
  let written = '';
  let i = 0;
  while (i < text.length) {
    const variable = text.startsWith('${', i) ? readVariable(text, i + 2) : undefined;
    if (!variable) {
      written += text[i];
      i++;
      continue;
    }
    if (written !== '') parts.push({ kind: 'text', text: written });
    written = '';
    parts.push(variable.part);
    i = variable.end;
  }
  if (written !== '') parts.push({ kind: 'text', text: written });
  return parts;
}

/**
 * Reads the inside of `${...}` starting at `start` (just after `${`). Grammar, from the doc's examples:
 * a special character, or a key name optionally followed by `, 'default'` (reference_policies_variables.md,
 * "Specifying default values": "separate the variable text and the default value with a comma and space").
 */
function readVariable(text: string, start: number): { part: PolicyTextPart; end: number } | undefined {
  const special = text[start];
  if ((special === '*' || special === '?' || special === '$') && text[start + 1] === '}') {
    return { part: { kind: 'special', char: special }, end: start + 2 };
  }
  const match = /^([^${}',\s][^${}',]*?)\s*(?:,\s*'([^']*)'\s*)?\}/.exec(text.slice(start));
  if (!match) return undefined;
  const part: PolicyTextPart = { kind: 'variable', key: match[1]! };
  if (match[2] !== undefined) part.defaultValue = match[2];
  return { part, end: start + match[0].length };
}

/** A stretch of resolved text; `verbatim` text came from a variable, so `*` and `?` in it are not wildcards. */
export interface TextSegment {
  text: string;
  verbatim: boolean;
}

/** Policy text after substitution. */
export interface ResolvedText {
  /** The whole text, for comparisons where wildcards play no part. */
  readonly text: string;
  readonly segments: readonly TextSegment[];
}

/** Text used as written, with no substitution (operators that do not take variables). */
export function writtenText(text: string): ResolvedText {
  return { text, segments: text === '' ? [] : [{ text, verbatim: false }] };
}
