/**
 * The canonical text of the intermediate form: deterministic, one clause per line with its `@from` annotation
 * on the line before, and only the parentheses the grammar needs (`&` and `|` groups always have theirs).
 * `parseProgram(printProgram(p))` deep-equals `p` for every canonical program p: patterns in canonical form
 * (src/ir/pattern.ts) and `&`/`|` groups of at least two items. A group of fewer items prints as its equivalent
 * (`true`, `false` or the item itself), so it reads back as that equivalent.
 *
 * A name or number the parser would not read back is a bug in whoever built the AST: InternalError.
 */
import { InternalError } from '../errors.js';
import type { Atom, Constraint, Literal, Pattern, Program, Provenance, Rule, Term, ValueTest } from './ast.js';
import { REQUEST_FIELDS } from './ast.js';
import { IR_KEYWORDS, PREDICATE_SHAPE, VARIABLE_SHAPE } from './grammar.js';
import { printPattern } from './pattern.js';

export function printProgram(program: Program): string {
  return program.rules.map((r) => `${printRule(r)}\n`).join('');
}

/** A clause, with its annotation on the line before when it has one; no final newline. */
export function printRule(rule: Rule): string {
  const annotation = rule.provenance ? `${printProvenance(rule.provenance)}\n` : '';
  const body = rule.body.length === 0 ? '' : ` :- ${rule.body.map(printLiteral).join(', ')}`;
  return `${annotation}${printAtom(rule.head)}${body}.`;
}

export function printProvenance(provenance: Provenance): string {
  const fields: [string, string | undefined][] = [
    ['source', provenance.source],
    ['policy', provenance.policy],
    ['sid', provenance.sid],
    ['file', provenance.file],
    ['at', provenance.at],
  ];
  const written = fields.filter(([, value]) => value !== undefined).map(([name, value]) => `${name}: ${printString(value!)}`);
  return `@from(${written.join(', ')})`;
}

export function printLiteral(literal: Literal): string {
  if (literal.kind === 'constraint') return printConstraint(literal.constraint);
  return `${literal.negated ? 'not ' : ''}${printAtom(literal.atom)}`;
}

export function printAtom(atom: Atom): string {
  if (!PREDICATE_SHAPE.test(atom.predicate) || IR_KEYWORDS.includes(atom.predicate)) {
    throw new InternalError(`${JSON.stringify(atom.predicate)} cannot be printed as a predicate name`);
  }
  return atom.args.length === 0 ? atom.predicate : `${atom.predicate}(${atom.args.map(printTerm).join(', ')})`;
}

export function printTerm(term: Term): string {
  switch (term.kind) {
    case 'string':
      return printString(term.value);
    case 'variable':
      if (!VARIABLE_SHAPE.test(term.name)) throw new InternalError(`${JSON.stringify(term.name)} cannot be printed as a variable`);
      return term.name;
    case 'field':
      if (!(REQUEST_FIELDS as readonly string[]).includes(term.name)) throw new InternalError(`unknown request field ${term.name}`);
      return `$${term.name}`;
  }
}

const MATCH_OPERATORS = { glob: '~', 'glob-i': '~i', arn: 'arn~' } as const;

export function printConstraint(constraint: Constraint): string {
  switch (constraint.kind) {
    case 'true':
    case 'false':
      return constraint.kind;
    case 'compare':
      return `${printTerm(constraint.left)} ${constraint.op} ${printTerm(constraint.right)}`;
    case 'match':
      return `${printTerm(constraint.term)} ${MATCH_OPERATORS[constraint.matcher]} ${printPatternString(constraint.pattern)}`;
    case 'present':
      return `present(${printString(constraint.key)})`;
    case 'context':
      return `ctx(${printString(constraint.key)}) ${constraint.quantifier} ${printValueTest(constraint.test)}`;
    case 'not':
      // Unambiguous without parentheses: `!` applies to one whole constraint and groups carry their own.
      return `!${printConstraint(constraint.body)}`;
    case 'and':
    case 'or': {
      const { items } = constraint;
      if (items.length === 0) return constraint.kind === 'and' ? 'true' : 'false';
      if (items.length === 1) return printConstraint(items[0]!);
      return `(${items.map(printConstraint).join(constraint.kind === 'and' ? ' & ' : ' | ')})`;
    }
  }
}

export function printValueTest(test: ValueTest): string {
  switch (test.kind) {
    case 'in':
      return `${test.ignoreCase ? 'in_i' : 'in'} ${printList(test.values, printString)}`;
    case 'like':
      return `${test.ignoreCase ? 'like_i' : 'like'} ${printList(test.patterns, printPatternString)}`;
    case 'arn-like':
      return `arn_like ${printList(test.patterns, printPatternString)}`;
    case 'number':
      return `num${test.op} ${printList(test.values, printNumber)}`;
    case 'date':
      return `date${test.op} ${printList(test.values, printEpochMilliseconds)}`;
    case 'ip':
      return `ip ${printList(test.cidrs, printString)}`;
    case 'bool':
      return `bool ${test.value}`;
    case 'binary':
      return `bin ${printList(test.values, printString)}`;
  }
}

function printList<T>(items: readonly T[], print: (item: T) => string): string {
  return `[${items.map(print).join(', ')}]`;
}

/** A JSON string; JSON.stringify also escapes lone surrogates, so any JS string reads back unchanged. */
export function printString(value: string): string {
  return JSON.stringify(value);
}

/** A pattern in a JSON string: `"a\\*b"` is the text `a*b`, `"a*b"` has a wildcard. */
function printPatternString(pattern: Pattern): string {
  return printString(printPattern(pattern));
}

/** The shortest JSON number that reads back as the same double; `-0` keeps its sign. */
function printNumber(value: number): string {
  if (!Number.isFinite(value)) throw new InternalError(`the number ${value} cannot be printed`);
  return Object.is(value, -0) ? '-0' : String(value);
}

function printEpochMilliseconds(value: number): string {
  if (!Number.isSafeInteger(value)) throw new InternalError(`the date ${value} is not a whole number of milliseconds`);
  return printNumber(value);
}
