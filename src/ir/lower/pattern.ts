/** Policy text (with IAM policy variables) to intermediate-form patterns (docs/intermediate-form.md). */
import { parsePolicyText } from '../../policy/variables.js';
import type { Pattern, PatternPart } from '../ast.js';

/**
 * `wildcards`: whether `*` and `?` written in the text are wildcards (Resource, StringLike, ArnLike) or plain
 * characters (StringEquals). Variables are substituted only under Version 2012-10-17 (parsePolicyText decides).
 */
export function toPattern(text: string, version: string | undefined, wildcards: boolean): Pattern {
  const parts: PatternPart[] = [];
  const pushText = (t: string) => {
    if (t === '') return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + t };
    else parts.push({ kind: 'text', text: t });
  };
  for (const part of parsePolicyText(text, version)) {
    if (part.kind === 'special') pushText(part.char);
    else if (part.kind === 'variable') parts.push(part.defaultValue !== undefined ? { kind: 'var', key: part.key, default: part.defaultValue } : { kind: 'var', key: part.key });
    else if (!wildcards) pushText(part.text);
    else {
      for (const ch of part.text) {
        if (ch === '*') parts.push({ kind: 'any' });
        else if (ch === '?') parts.push({ kind: 'one' });
        else pushText(ch);
      }
    }
  }
  return parts;
}

/** A pattern with no wildcards and no variables: plain text. */
export function literal(text: string): Pattern {
  return text === '' ? [] : [{ kind: 'text', text }];
}

export function hasVariables(pattern: Pattern): boolean {
  return pattern.some((p) => p.kind === 'var');
}
