/**
 * Policy variables at evaluation time, for the reference evaluator: substituting request context values into
 * policy text and matching the result (iam/reference_policies_variables.md). Parsing the text is
 * policy/variables.ts.
 */
import { matchesArnPattern } from '../policy/arn.js';
import { parsePolicyText, type ResolvedText, type TextSegment } from '../policy/variables.js';
import { matchesWildcard } from '../policy/wildcard.js';
import type { RequestContext } from '../request/context.js';
import { nonNullValues } from '../request/context.js';

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
