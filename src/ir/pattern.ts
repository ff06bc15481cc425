/**
 * The text of a pattern in the intermediate form (docs/intermediate-form.md, "Patterns"): `*` and `?` are
 * wildcards, `${key}` and `${key, 'default'}` are policy variables, and a backslash makes the next character
 * literal. The escapable characters are `\ * ? $ { } , '`; any other character after a backslash is an error,
 * so that a typo cannot silently change a pattern's meaning.
 *
 * Canonical form of a Pattern: no empty text part and no two adjacent text parts. The parser produces it;
 * `printPattern` accepts any Pattern and prints text that reads back in canonical form.
 */
import { InputError, InternalError } from '../errors.js';
import type { Pattern, PatternPart } from './ast.js';

const ESCAPABLE = new Set(['\\', '*', '?', '$', '{', '}', ',', "'"]);

/** Characters written with a backslash, by where they appear. */
const ESCAPED_IN_TEXT = /[\\*?$]/g;
const ESCAPED_IN_KEY = /[\\},']/g;
const ESCAPED_IN_DEFAULT = /[\\']/g;

/** Merges adjacent text parts and drops empty ones. */
export function normalizePattern(pattern: Pattern): Pattern {
  const parts: PatternPart[] = [];
  for (const part of pattern) {
    if (part.kind !== 'text') {
      parts.push(part);
      continue;
    }
    if (part.text === '') continue;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + part.text };
    else parts.push(part);
  }
  return parts;
}

export function printPattern(pattern: Pattern): string {
  let out = '';
  for (const part of pattern) {
    switch (part.kind) {
      case 'text': out += escape(part.text, ESCAPED_IN_TEXT); break;
      case 'any': out += '*'; break;
      case 'one': out += '?'; break;
      case 'var': {
        if (part.key === '') throw new InternalError('a pattern variable with an empty key cannot be printed');
        const fallback = part.default === undefined ? '' : `, '${escape(part.default, ESCAPED_IN_DEFAULT)}'`;
        out += `\${${escape(part.key, ESCAPED_IN_KEY)}${fallback}}`;
        break;
      }
    }
  }
  return out;
}

function escape(text: string, special: RegExp): string {
  return text.replace(special, (ch) => `\\${ch}`);
}

/** Reads a pattern's text; throws InputError (without a location: the caller knows where the text is). */
export function parsePattern(text: string): Pattern {
  return new PatternReader(text).read();
}

class PatternReader {
  private position = 0;
  private readonly parts: PatternPart[] = [];

  constructor(private readonly text: string) {}

  read(): Pattern {
    let written = '';
    while (this.position < this.text.length) {
      const ch = this.text[this.position]!;
      if (ch === '*' || ch === '?' || (ch === '$' && this.text[this.position + 1] === '{')) {
        if (written !== '') this.parts.push({ kind: 'text', text: written });
        written = '';
        if (ch === '$') this.parts.push(this.variable());
        else {
          this.parts.push({ kind: ch === '*' ? 'any' : 'one' });
          this.position++;
        }
      } else if (ch === '$') {
        this.fail('a literal `$` must be escaped as `\\$`');
      } else {
        written += this.character();
      }
    }
    if (written !== '') this.parts.push({ kind: 'text', text: written });
    return this.parts;
  }

  /** One character of text, unescaped. */
  private character(): string {
    const ch = this.text[this.position]!;
    if (ch !== '\\') {
      this.position++;
      return ch;
    }
    const next = this.text[this.position + 1];
    if (next === undefined) this.fail('a backslash at the end; write `\\\\` for a literal backslash');
    if (!ESCAPABLE.has(next)) this.fail(`\`\\${next}\` is not an escape; only \\ * ? $ { } , ' can follow a backslash`);
    this.position += 2;
    return next;
  }

  /** `${key}` or `${key, 'default'}`, from the `$`. */
  private variable(): PatternPart {
    const start = this.position;
    this.position += 2;
    const key = this.until((ch) => ch === '}' || ch === ',' || ch === "'", start);
    if (key === '') this.fail('a policy variable `${...}` needs a key');
    if (this.text[this.position] === '}') {
      this.position++;
      return { kind: 'var', key };
    }
    // IAM separates the default with a comma and a space (iam/reference_policies_variables.md,
    // "Specifying default values"); the printer writes exactly `, '`, the reader accepts any spaces.
    const separator = /^,\s*'/.exec(this.text.slice(this.position));
    if (!separator) this.fail(`expected \`}\` or \`, 'default'\` after the key of \`\${${key}\``);
    this.position += separator[0].length;
    const fallback = this.until((ch) => ch === "'", start);
    this.position++;
    if (this.text[this.position] !== '}') this.fail(`expected \`}\` after the default value of \`\${${key}\``);
    this.position++;
    return { kind: 'var', key, default: fallback };
  }

  /** Unescaped text up to (not including) the first unescaped character that `stop` accepts. */
  private until(stop: (ch: string) => boolean, variableStart: number): string {
    let out = '';
    for (;;) {
      const ch = this.text[this.position];
      if (ch === undefined) this.fail(`unterminated policy variable \`${this.text.slice(variableStart)}\``);
      if (stop(ch)) return out;
      out += this.character();
    }
  }

  private fail(problem: string): never {
    throw new InputError(undefined, `bad pattern ${JSON.stringify(this.text)}: ${problem}`);
  }
}
