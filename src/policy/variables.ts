/**
 * Policy variables (iam/reference_policies_variables.md): `${aws:username}`, `${aws:PrincipalTag/team}`,
 * `${aws:PrincipalTag/team, 'default'}` and the special characters `${*}`, `${?}`, `${$}`.
 *
 * Substituted text is kept apart from the text the policy author wrote, so that a `*` that came from `${*}`
 * (or from a context value) is matched as a plain character while a written `*` stays a wildcard
 * (reference_policies_variables.md#policy-vars-specialchars).
 */
import type { RequestContext } from '../request/context.js';
import { nonNullValues } from '../request/context.js';
import { matchesArnPattern } from './arn.js';
import { matchesWildcard } from './wildcard.js';

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

/**
 * Replaces the variables in `text` with request context values. Undefined when a variable has no value and
 * no default: "the value is effectively null. There is no equal or like value", and a Resource "that includes
 * a policy variable with no value will not match any resource" (reference_policies_variables.md#policy-vars-no-value).
 * Only single-valued keys can be variables (same page, "Important"), so a key with several values has no value here.
 */
export function substituteVariables(text: string, ctx: RequestContext, version: string | undefined): ResolvedText | undefined {
  const segments: TextSegment[] = [];
  for (const part of parsePolicyText(text, version)) {
    switch (part.kind) {
      case 'text':
        segments.push({ text: part.text, verbatim: false });
        break;
      case 'special':
        segments.push({ text: part.char, verbatim: true });
        break;
      case 'variable': {
        const value = variableValue(part.key, ctx) ?? part.defaultValue;
        if (value === undefined) return undefined;
        segments.push({ text: value, verbatim: true });
        break;
      }
    }
  }
  return { text: segments.map((s) => s.text).join(''), segments };
}

function variableValue(key: string, ctx: RequestContext): string | undefined {
  const values = nonNullValues(ctx, key);
  return values?.length === 1 ? values[0] : undefined;
}

export interface PatternMatchOptions {
  /** Whether `*` and `?` written in the pattern are wildcards (StringLike, ArnLike, Resource, Action). */
  wildcards: boolean;
  ignoreCase?: boolean;
  /** Match the six ARN components separately (matchesArnPattern) rather than the whole string. */
  arn?: boolean;
}

/** Does `value` match the resolved pattern? Verbatim `*` and `?` only match themselves. */
export function matchesResolvedText(pattern: ResolvedText, value: string, options: PatternMatchOptions): boolean {
  if (!options.wildcards) {
    return options.ignoreCase ? pattern.text.toLowerCase() === value.toLowerCase() : pattern.text === value;
  }
  const protectedInput = protectVerbatimWildcards(pattern, value);
  if (options.arn) return matchesArnPattern(protectedInput.pattern, protectedInput.value);
  return matchesWildcard(protectedInput.pattern, protectedInput.value, { ignoreCase: options.ignoreCase ?? false });
}

/**
 * Resource, Action and condition matching in one call: substitute, then match with wildcards.
 * False when a variable cannot be resolved (reference_policies_variables.md#policy-vars-no-value).
 * Variables are substituted anywhere in the text; in a Resource the doc only allows them after the fifth colon
 * (#policy-vars-resourceelement) without saying what happens otherwise, so flagging that is left to validation.
 * Action elements take no variables: pass an undefined version to match them as written.
 */
export function matchesPatternWithVariables(
  pattern: string,
  value: string,
  ctx: RequestContext,
  version: string | undefined,
  options: { ignoreCase?: boolean; arn?: boolean } = {},
): boolean {
  const resolved = substituteVariables(pattern, ctx, version);
  return resolved !== undefined && matchesResolvedText(resolved, value, { ...options, wildcards: true });
}

/**
 * wildcard.ts has no escape for `*` and `?`. To match a verbatim `*` or `?` literally, both the pattern's verbatim
 * wildcard characters and the value's are replaced by two characters that occur in neither; written wildcards
 * still match any character, and a stand-in only matches its own stand-in, so the answer is unchanged otherwise.
 */
function protectVerbatimWildcards(pattern: ResolvedText, value: string): { pattern: string; value: string } {
  const needsProtection = pattern.segments.some((s) => s.verbatim && /[*?]/.test(s.text));
  if (!needsProtection) return { pattern: pattern.text, value };
  const [star, question] = unusedCharacters(pattern.text + value);
  const protect = (text: string) => text.replaceAll('*', star).replaceAll('?', question);
  return {
    pattern: pattern.segments.map((s) => (s.verbatim ? protect(s.text) : s.text)).join(''),
    value: protect(value),
  };
}

/** Two characters of the Unicode private use area that do not occur in `text`. */
function unusedCharacters(text: string): [string, string] {
  const found: string[] = [];
  for (let code = 0xe000; found.length < 2; code++) {
    const ch = String.fromCharCode(code);
    if (!text.includes(ch)) found.push(ch);
  }
  return [found[0]!, found[1]!];
}
