/**
 * Patterns of the intermediate form (with policy variables) as regexes. Policy variables take the request
 * context's value: the key must have exactly one non-null value, else the default, else the pattern matches
 * nothing (iam/reference_policies_variables.md#policy-vars-no-value).
 */
import type { Pattern, PatternPart } from '../ir/ast.js';
import type { ContextModel } from './context-model.js';
import type { Regex, RegexItem } from './regex.js';
import { Unsupported } from './unsupported.js';

export type Matcher = 'glob' | 'glob-i' | 'arn';

function variableValue(part: Extract<PatternPart, { kind: 'var' }>, ctx: ContextModel): string | undefined {
  const value = ctx.variable(part.key);
  if (value.kind === 'symbolic') {
    throw new Unsupported(`the policy variable \${${part.key}} takes a value the question leaves open`);
  }
  return value.kind === 'constant' ? value.value : part.default;
}

/** The regex for a pattern, or undefined when one of its variables has no value (it then matches nothing). */
export function patternRegex(pattern: Pattern, matcher: Matcher, ctx: ContextModel): Regex | undefined {
  const items: RegexItem[] = [];
  const ignoreCase = matcher === 'glob-i';
  // For ARNs, wildcards stay within a component until the fifth colon (the resource may contain colons).
  let colons = 0;
  const withinComponent = () => matcher === 'arn' && colons < 5;
  const pushText = (text: string) => {
    for (const ch of text) if (ch === ':') colons++;
    const last = items[items.length - 1];
    if (last?.kind === 'text') items[items.length - 1] = { ...last, text: last.text + text };
    else items.push({ kind: 'text', text, ignoreCase });
  };
  for (const part of pattern) {
    switch (part.kind) {
      case 'text': pushText(part.text); break;
      case 'any': {
        // `**` is `*`: a run next to a run of the same kind adds nothing (and keeps the solver's regex small).
        const kind = withinComponent() ? 'no-colon-run' : 'any-run';
        if (items[items.length - 1]?.kind !== kind) items.push({ kind });
        break;
      }
      case 'one': items.push({ kind: withinComponent() ? 'no-colon-char' : 'any-char' }); break;
      case 'var': {
        const value = variableValue(part, ctx);
        if (value === undefined) return undefined;
        pushText(value);
      }
    }
  }
  // An ARN pattern needs its six components ("arn:partition:service:region:account:resource").
  if (matcher === 'arn' && colons < 5) return undefined;
  return items;
}
