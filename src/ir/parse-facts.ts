/**
 * The fast path of parse.ts: cutting a program's text into clauses, and reading ground facts (the bulk of a
 * lowered world) without the grammar. Anything that is not a plain fact goes to the grammar, which stays the one
 * authority on what is valid and on error messages.
 */
import type { Provenance, Rule, Term } from './ast.js';
import { IR_KEYWORDS } from './grammar.js';
import { provenanceFrom } from './provenance.js';

/**
 * Where each clause ends: at a `.` outside strings and comments that is not a decimal point. In a well-formed
 * program a decimal point is the only `.` between two digits (no clause starts with a digit), so the pieces
 * are exactly the clauses; the last piece holds what follows the last clause (spaces, comments, or an error).
 */
export function splitClauses(text: string): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      // A newline cannot be in a string: stop there, so that an unterminated string stays in its own clause.
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '.' && !(isDigit(text[i - 1]) && isDigit(text[i + 1]))) {
      i++;
      pieces.push({ start, end: i });
      start = i;
    } else {
      i++;
    }
  }
  if (start < text.length) pieces.push({ start, end: text.length });
  return pieces;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * A ground fact, `pred("a", "b").` or `pred.`, optionally annotated and preceded by spaces and comments: the
 * same text the grammar accepts for such a clause (rules Clause, Provenance, Atom, string and space), read with
 * regular expressions. Anything else, including any error, returns undefined and goes to the grammar, so the
 * grammar stays the one authority on what is valid and on error messages. A test checks the two agree.
 */
export function readSimpleFact(piece: string): Rule | undefined {
  const scan = new FactScanner(piece);
  let provenance: Provenance | undefined;
  if (scan.take(FROM)) {
    if (!scan.take(OPEN)) return undefined;
    const entries: { name: string; value: string }[] = [];
    if (!scan.take(CLOSE)) {
      do {
        const name = scan.take(FIELD_NAME);
        if (name === undefined || !scan.take(COLON)) return undefined;
        const value = scan.take(JSON_STRING);
        if (value === undefined) return undefined;
        entries.push({ name, value: JSON.parse(value) as string });
      } while (scan.take(COMMA));
      if (!scan.take(CLOSE)) return undefined;
    }
    const result = provenanceFrom(entries);
    if ('problem' in result) return undefined;
    provenance = result;
  }
  const predicate = scan.take(PREDICATE);
  if (predicate === undefined || IR_KEYWORDS.includes(predicate)) return undefined;
  const args: Term[] = [];
  if (scan.take(OPEN) && !scan.take(CLOSE)) {
    do {
      const value = scan.take(JSON_STRING);
      if (value === undefined) return undefined;
      args.push({ kind: 'string', value: JSON.parse(value) as string });
    } while (scan.take(COMMA));
    if (!scan.take(CLOSE)) return undefined;
  }
  if (!scan.take(DOT) || !scan.atEnd()) return undefined;
  const rule: Rule = { head: { predicate, args }, body: [] };
  if (provenance) rule.provenance = provenance;
  return rule;
}

// Tokens of the fast path, each preceded by what Ohm's `space` skips (characters up to U+0020, and comments).
const token = (source: string): RegExp => new RegExp(`(?:[\\x00-\\x20]|//[^\\n]*)*(${source})`, 'y');
const FROM = token('@from');
const OPEN = token('\\(');
const CLOSE = token('\\)');
const COMMA = token(',');
const COLON = token(':');
const DOT = token('\\.');
const FIELD_NAME = token('[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_])');
const PREDICATE = token('[a-z][A-Za-z0-9_]*(?![A-Za-z0-9_])');
export const JSON_STRING = token('"(?:[^"\\\\\\x00-\\x1f]|\\\\(?:["\\\\/bfnrt]|u[0-9A-Fa-f]{4}))*"');

class FactScanner {
  private position = 0;
  constructor(private readonly text: string) {}

  /** The token, when it comes next (after spaces and comments). */
  take(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (!match) return undefined;
    this.position = pattern.lastIndex;
    return match[1];
  }

  /** Only spaces and comments are left. */
  atEnd(): boolean {
    return /^(?:[\x00-\x20]|\/\/[^\n]*)*$/.test(this.text.slice(this.position));
  }
}
