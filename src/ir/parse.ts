/**
 * Reads the textual intermediate form (docs/intermediate-form.md) into the AST of src/ir/ast.ts. Syntax errors
 * and what the grammar cannot check (known request and provenance fields, pattern escapes, finite numbers) are
 * reported as InputError with the file, line and column.
 */
import type * as ohm from 'ohm-js';
import type { SourceLocation } from '../errors.js';
import { InputError } from '../errors.js';
import type {
  Atom, ComparisonOp, Constraint, Literal, Pattern, Program, Provenance, RequestField, Rule, Term, ValueTest,
} from './ast.js';
import { REQUEST_FIELDS } from './ast.js';
import { irGrammar, IR_KEYWORDS } from './grammar.js';
import { parsePattern } from './pattern.js';
import { JSON_STRING, readSimpleFact, splitClauses } from './parse-facts.js';
import { provenanceFrom } from './provenance.js';

export { parsePattern, printPattern, normalizePattern } from './pattern.js';
export { PROVENANCE_SOURCES } from './provenance.js';

/**
 * Ohm keeps a memo table for the whole input, which exhausts memory on programs of 100k clauses; so the text is
 * cut into clauses first (splitClauses) and each is matched on its own. Ohm still costs about a millisecond a
 * clause, so ground facts, the bulk of a lowered world, take a fast path (readSimpleFact) that falls back to the
 * grammar for anything else, errors included. Errors carry an offset into the whole text, turned into
 * line:column only when reported.
 */
export function parseProgram(text: string, source = '<ir>'): Program {
  return readProgram(text, source, true);
}

/** parseProgram without the fast path for facts: for tests that check the fast path agrees with the grammar. */
export function parseProgramWithGrammarOnly(text: string, source = '<ir>'): Program {
  return readProgram(text, source, false);
}

function readProgram(text: string, source: string, factFastPath: boolean): Program {
  const rules: Rule[] = [];
  for (const { start, end } of splitClauses(text)) {
    const piece = text.slice(start, end);
    const fact = factFastPath ? readSimpleFact(piece) : undefined;
    if (fact) {
      rules.push(fact);
      continue;
    }
    const match = irGrammar.match(piece, 'Program');
    if (match.failed()) throw syntaxError(match as ohm.FailedMatchResult, text, start, source);
    try {
      rules.push(...(semantics(match)['clauses']() as Rule[]));
    } catch (error) {
      if (error instanceof ProblemAt) {
        throw new InputError(locationAt(text, start + error.node.source.startIdx, source), error.problem);
      }
      throw error;
    }
  }
  return { rules };
}

function syntaxError(match: ohm.FailedMatchResult, text: string, offset: number, source: string): InputError {
  const position = offset + match.getRightmostFailurePosition();
  return new InputError(locationAt(text, position, source), `expected ${match.getExpectedText()}${hintAt(text, position)}`);
}

/** Ohm's expectation is terse where two mistakes are common: a keyword as a predicate, and a broken string. */
function hintAt(text: string, position: number): string {
  const word = /^[a-z_]+/.exec(text.slice(position, position + 20))?.[0];
  if (word !== undefined && IR_KEYWORDS.includes(word)) return ` (\`${word}\` is a keyword and cannot name a predicate)`;
  JSON_STRING.lastIndex = position;
  if (text[position] === '"' && !JSON_STRING.test(text)) {
    return ' (a string closes on its line, holds no control character and uses JSON escapes only)';
  }
  return '';
}

function locationAt(text: string, offset: number, file: string): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, pointer: '', line, column: offset - lineStart + 1 };
}

/** A problem found while building the AST, at a node; parseProgram adds the file and the place. */
class ProblemAt extends Error {
  constructor(readonly node: ohm.Node, readonly problem: string) {
    super(problem);
  }
}

// Typed calls of the semantic operations below.
const rule = (n: ohm.Node): Rule => n['rule']();
const provenance = (n: ohm.Node): Provenance => n['provenance']();
const literal = (n: ohm.Node): Literal => n['literal']();
const atomOf = (n: ohm.Node): Atom => n['atom']();
const constraint = (n: ohm.Node): Constraint => n['constraint']();
const valueTest = (n: ohm.Node): ValueTest => n['valueTest']();
const term = (n: ohm.Node): Term => n['term']();
const stringOf = (n: ohm.Node): string => n['string']();
const numberOf = (n: ohm.Node): number => n['number']();
const listOf = <T>(list: ohm.Node, item: (n: ohm.Node) => T): T[] => list.asIteration().children.map(item);

function patternOf(n: ohm.Node): Pattern {
  try {
    return parsePattern(stringOf(n));
  } catch (error) {
    if (error instanceof InputError) throw new ProblemAt(n, error.expected);
    throw error;
  }
}

const semantics = irGrammar.createSemantics();

semantics.addOperation<Rule[]>('clauses', {
  Program(clauses) {
    return clauses.children.map(rule);
  },
});

semantics.addOperation<Rule>('rule', {
  Clause(annotation, head, body, _dot) {
    const result: Rule = {
      head: atomOf(head),
      body: body.children.length === 0 ? [] : listOf(body.children[0]!.child(1), literal),
    };
    if (annotation.children.length > 0) result.provenance = provenance(annotation.children[0]!);
    return result;
  },
});

semantics.addOperation<Provenance>('provenance', {
  Provenance(_from, _open, fields, _close) {
    const entries = fields.asIteration().children;
    const result = provenanceFrom(entries.map((entry) => ({ name: entry.child(0).sourceString, value: stringOf(entry.child(2)) })));
    if ('problem' in result) throw new ProblemAt(result.entry === undefined ? this : entries[result.entry]!, result.problem);
    return result;
  },
});

semantics.addOperation<Literal>('literal', {
  Literal_negated(_not, a) {
    return { kind: 'atom', atom: atomOf(a), negated: true };
  },
  Literal_positive(a) {
    return { kind: 'atom', atom: atomOf(a), negated: false };
  },
  Constraint(_alternative) {
    return { kind: 'constraint', constraint: constraint(this) };
  },
});

semantics.addOperation<Atom>('atom', {
  Atom_args(predicate, _open, args, _close) {
    return { predicate: predicate.sourceString, args: listOf(args, term) };
  },
  Atom_bare(predicate) {
    return { predicate: predicate.sourceString, args: [] };
  },
});

const MATCHERS = { '~': 'glob', '~i': 'glob-i', 'arn~': 'arn' } as const;

semantics.addOperation<Constraint>('constraint', {
  Constraint_not(_bang, body) {
    return { kind: 'not', body: constraint(body) };
  },
  Constraint_and(_open, first, _ands, rest, _close) {
    return { kind: 'and', items: [constraint(first), ...rest.children.map(constraint)] };
  },
  Constraint_or(_open, first, _ors, rest, _close) {
    return { kind: 'or', items: [constraint(first), ...rest.children.map(constraint)] };
  },
  Constraint_paren(_open, inner, _close) {
    return constraint(inner);
  },
  Constraint_true(_true) {
    return { kind: 'true' };
  },
  Constraint_false(_false) {
    return { kind: 'false' };
  },
  Constraint_present(_present, _open, key, _close) {
    return { kind: 'present', key: stringOf(key) };
  },
  Constraint_context(_ctx, _open, key, _close, quantifier, test) {
    return {
      kind: 'context',
      quantifier: quantifier.sourceString as 'any' | 'all',
      key: stringOf(key),
      test: valueTest(test),
    };
  },
  Constraint_compare(left, op, right) {
    return { kind: 'compare', op: op.sourceString as '==' | '!=', left: term(left), right: term(right) };
  },
  Constraint_match(subject, op, pattern) {
    return {
      kind: 'match',
      term: term(subject),
      matcher: MATCHERS[op.sourceString as keyof typeof MATCHERS],
      pattern: patternOf(pattern),
    };
  },
});

const comparisonOp = (test: ohm.Node): ComparisonOp => test.child(1).sourceString as ComparisonOp;

semantics.addOperation<ValueTest>('valueTest', {
  ValueTest_inIgnoreCase(_in, list) {
    return { kind: 'in', values: strings(list), ignoreCase: true };
  },
  ValueTest_in(_in, list) {
    return { kind: 'in', values: strings(list), ignoreCase: false };
  },
  ValueTest_likeIgnoreCase(_like, list) {
    return { kind: 'like', patterns: listOf(list.child(1), patternOf), ignoreCase: true };
  },
  ValueTest_like(_like, list) {
    return { kind: 'like', patterns: listOf(list.child(1), patternOf), ignoreCase: false };
  },
  ValueTest_arnLike(_arnLike, list) {
    return { kind: 'arn-like', patterns: listOf(list.child(1), patternOf) };
  },
  ValueTest_number(test, list) {
    return { kind: 'number', op: comparisonOp(test), values: listOf(list.child(1), numberOf) };
  },
  ValueTest_date(test, list) {
    return { kind: 'date', op: comparisonOp(test), values: listOf(list.child(1), epochMilliseconds) };
  },
  ValueTest_ip(_ip, list) {
    return { kind: 'ip', cidrs: strings(list) };
  },
  ValueTest_bool(_bool, value) {
    return { kind: 'bool', value: value.sourceString === 'true' };
  },
  ValueTest_binary(_bin, list) {
    return { kind: 'binary', values: strings(list) };
  },
});

/** The strings of a StringList node (`[ ... ]`). */
const strings = (list: ohm.Node): string[] => listOf(list.child(1), stringOf);

function epochMilliseconds(n: ohm.Node): number {
  const value = numberOf(n);
  if (!Number.isSafeInteger(value)) {
    throw new ProblemAt(n, `date ${n.sourceString} is out of range: epoch milliseconds must be within ±(2^53 - 1)`);
  }
  return value;
}

semantics.addOperation<Term>('term', {
  string(_open, _chars, _close) {
    return { kind: 'string', value: stringOf(this) };
  },
  variable(_first, _rest) {
    return { kind: 'variable', name: this.sourceString };
  },
  requestField(_dollar, name) {
    const fieldName = name.sourceString;
    if (!(REQUEST_FIELDS as readonly string[]).includes(fieldName)) {
      throw new ProblemAt(this, `unknown request field \`$${fieldName}\`; expected one of ${REQUEST_FIELDS.map((f) => `$${f}`).join(', ')}`);
    }
    return { kind: 'field', name: fieldName as RequestField };
  },
});

semantics.addOperation<string>('string', {
  // The grammar accepts exactly JSON's string syntax, so JSON.parse reads the escapes.
  string(_open, _chars, _close) {
    return JSON.parse(this.sourceString) as string;
  },
});

semantics.addOperation<number>('number', {
  _nonterminal() {
    const value = Number(this.sourceString);
    if (!Number.isFinite(value)) throw new ProblemAt(this, `number ${this.sourceString} is not finite`);
    return value;
  },
});
