/** Terms (src/smt/term.ts) as Z3 expressions: Booleans, strings, and regexes for IAM patterns. */
import type { RequestField } from '../ir/ast.js';
import { caseVariants, type Regex, type RegexItem } from './regex.js';
import type { Z3Context } from './solver.js';
import type { BoolTerm, StringTerm } from './term.js';
import { Unsupported } from './unsupported.js';

type Bool = ReturnType<Z3Context['Bool']['const']>;
type Str = ReturnType<Z3Context['String']['const']>;
type Re = ReturnType<Z3Context['Re']['toRe']>;

/**
 * The most items (literal runs and wildcards) of one pattern encoded as a Z3 regex. Real patterns have a few;
 * thousands (`*a*a*a…`, an 11 KB StringLike) exhaust Z3's stack. Past it the question is UNKNOWN, named.
 */
export const MAX_REGEX_ITEMS = 256;

/** The largest character of Z3's string alphabet (its default `unicode` encoding). */
const MAX_Z3_CHAR = 0x2ffff;

/**
 * A string as a Z3 string literal. Z3 reads `\u{…}` escapes in literals (so a policy's literal `x\u{41}y` would
 * become `xAy`) and takes the bytes it is given as characters (so `é` would become two): every character outside
 * printable ASCII, and every backslash, is written as its `\u{…}` escape. Characters past Z3's alphabet cannot
 * be represented: the question is then UNKNOWN, named.
 */
export function z3StringLiteral(text: string): string {
  let literal = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e && code !== 0x5c) literal += ch;
    else if (code <= MAX_Z3_CHAR) literal += `\\u{${code.toString(16)}}`;
    else throw new Unsupported(`the string holds the character U+${code.toString(16).toUpperCase()}, beyond the solver's alphabet (up to U+2FFFF)`);
  }
  return literal;
}

export class Z3Encoder {
  private readonly atoms = new Map<string, Bool>();
  private readonly fields = new Map<RequestField, Str>();
  private readonly reSort;

  constructor(private readonly z3: Z3Context) {
    this.reSort = z3.Re.sort(z3.String.sort());
  }

  atom(name: string): Bool {
    let a = this.atoms.get(name);
    if (!a) { a = this.z3.Bool.const(name); this.atoms.set(name, a); }
    return a;
  }

  field(name: RequestField): Str {
    let f = this.fields.get(name);
    if (!f) { f = this.z3.String.const(`$${name}`); this.fields.set(name, f); }
    return f;
  }

  private readonly vars = new Map<string, Str>();

  string(t: StringTerm): Str {
    switch (t.op) {
      case 'string': return this.z3.String.val(z3StringLiteral(t.value));
      case 'field': return this.field(t.name);
      case 'var': {
        let v = this.vars.get(t.name);
        if (!v) { v = this.z3.String.const(t.name); this.vars.set(t.name, v); }
        return v;
      }
      case 'concat': return t.parts.map((p) => this.string(p)).reduce((a, b) => a.concat(b));
    }
  }

  private item(item: RegexItem): Re {
    const z3 = this.z3;
    const anyChar = z3.AllChar(this.reSort);
    const noColon = z3.Diff(anyChar, z3.Range(':', ':'));
    switch (item.kind) {
      case 'text':
        if (!item.ignoreCase) return z3.Re.toRe(z3.String.val(z3StringLiteral(item.text)));
        return this.concat([...item.text].map((c) => {
          const variants = caseVariants(c).map((v) => z3.Re.toRe(z3.String.val(z3StringLiteral(v))));
          return variants.length === 1 ? variants[0]! : z3.Union(...variants);
        }));
      case 'any-run': return z3.Star(anyChar);
      case 'any-char': return anyChar;
      case 'no-colon-run': return z3.Star(noColon);
      case 'no-colon-char': return noColon;
      case 'digit': return z3.Range('0', '9');
      case 'iam-name': return z3.Plus(z3.Union(z3.Range('A', 'Z'), z3.Range('a', 'z'), z3.Range('0', '9'), ...[...'+=,.@_-'].map((c) => z3.Range(c, c))));
    }
  }

  regex(regex: Regex): Re {
    if (regex.length === 0) return this.z3.Re.toRe('');
    if (regex.length > MAX_REGEX_ITEMS) {
      throw new Unsupported(`a wildcard pattern of ${regex.length} parts (more than ${MAX_REGEX_ITEMS}) is too large for the solver`);
    }
    return this.concat(regex.map((i) => this.item(i)));
  }

  private concat(items: Re[]): Re {
    return items.length === 1 ? items[0]! : this.z3.ReConcat(...items);
  }

  bool(t: BoolTerm): Bool {
    const z3 = this.z3;
    switch (t.op) {
      case 'const': return z3.Bool.val(t.value);
      case 'atom': return this.atom(t.name);
      case 'not': return z3.Not(this.bool(t.arg));
      case 'and': return z3.And(...t.args.map((a) => this.bool(a)));
      case 'or': return z3.Or(...t.args.map((a) => this.bool(a)));
      case 'eq': return this.string(t.left).eq(this.string(t.right));
      case 'in-regex': return z3.InRe(this.string(t.subject), this.regex(t.regex));
    }
  }
}
