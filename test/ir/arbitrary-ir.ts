/**
 * fast-check generators of canonical IR programs (src/ir/ast.ts): every node kind, every value test, nested
 * `!`/`&`/`|`, provenance with and without its optional fields, and strings full of the characters the printer
 * must escape (quotes, backslashes, pattern syntax, control characters, lone surrogates, astral characters).
 * Canonical: patterns in normal form (src/ir/pattern.ts) and `&`/`|` groups of at least two items.
 */
import fc from 'fast-check';
import type {
  Atom, ComparisonOp, Constraint, Literal, Pattern, PatternPart, Program, Provenance, Rule, Term, ValueTest,
} from '../../src/ir/ast.js';
import { REQUEST_FIELDS } from '../../src/ir/ast.js';
import { IR_KEYWORDS } from '../../src/ir/grammar.js';
import { PROVENANCE_SOURCES } from '../../src/ir/parse.js';
import { normalizePattern } from '../../src/ir/pattern.js';

const trickyCharacter = fc.constantFrom(
  'a', 'Z', '0', ' ', '*', '?', '$', '{', '}', '\\', '"', "'", ',', ':', '/', '.', '\n', '\t', '\u0000', '\u001f',
  '\u007f', 'é', 'ſ', '\u2028', '😀', '\ud800', '\udc00',
);

/** Any JS string, biased towards the characters that need escaping somewhere. */
export const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: trickyCharacter, maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const nonEmptyText = arbitraryText.filter((text) => text !== '');

export const arbitraryPredicate: fc.Arbitrary<string> = fc
  .stringMatching(/^[a-z][A-Za-z0-9_]{0,6}$/)
  .filter((name) => !IR_KEYWORDS.includes(name));

const arbitraryVariable = fc.stringMatching(/^[A-Z_][A-Za-z0-9_]{0,5}$/);

export const arbitraryTerm: fc.Arbitrary<Term> = fc.oneof(
  arbitraryText.map((value): Term => ({ kind: 'string', value })),
  arbitraryVariable.map((name): Term => ({ kind: 'variable', name })),
  fc.constantFrom(...REQUEST_FIELDS).map((name): Term => ({ kind: 'field', name })),
);

const arbitraryPatternPart: fc.Arbitrary<PatternPart> = fc.oneof(
  arbitraryText.map((text): PatternPart => ({ kind: 'text', text })),
  fc.constant<PatternPart>({ kind: 'any' }),
  fc.constant<PatternPart>({ kind: 'one' }),
  fc.record({ key: nonEmptyText, fallback: fc.option(arbitraryText, { nil: undefined }) }).map(({ key, fallback }): PatternPart =>
    fallback === undefined ? { kind: 'var', key } : { kind: 'var', key, default: fallback }),
);

export const arbitraryPattern: fc.Arbitrary<Pattern> = fc
  .array(arbitraryPatternPart, { maxLength: 5 })
  .map(normalizePattern);

const comparisonOp = fc.constantFrom<ComparisonOp>('<', '<=', '>', '>=', '==');
const list = <T>(item: fc.Arbitrary<T>) => fc.array(item, { maxLength: 3 });

export const arbitraryValueTest: fc.Arbitrary<ValueTest> = fc.oneof(
  fc.record({ kind: fc.constant('in' as const), values: list(arbitraryText), ignoreCase: fc.boolean() }),
  fc.record({ kind: fc.constant('like' as const), patterns: list(arbitraryPattern), ignoreCase: fc.boolean() }),
  fc.record({ kind: fc.constant('arn-like' as const), patterns: list(arbitraryPattern) }),
  fc.record({
    kind: fc.constant('number' as const),
    op: comparisonOp,
    values: list(fc.double({ noNaN: true, noDefaultInfinity: true })),
  }),
  fc.record({
    kind: fc.constant('date' as const),
    op: comparisonOp,
    values: list(fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.maxSafeInteger(), fc.integer({ min: -1e15, max: 0 }))),
  }),
  fc.record({ kind: fc.constant('ip' as const), cidrs: list(arbitraryText) }),
  fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
  fc.record({ kind: fc.constant('binary' as const), values: list(arbitraryText) }),
);

const leafConstraint: fc.Arbitrary<Constraint> = fc.oneof(
  fc.constant<Constraint>({ kind: 'true' }),
  fc.constant<Constraint>({ kind: 'false' }),
  fc.record({ kind: fc.constant('compare' as const), op: fc.constantFrom('==' as const, '!=' as const), left: arbitraryTerm, right: arbitraryTerm }),
  fc.record({
    kind: fc.constant('match' as const),
    term: arbitraryTerm,
    matcher: fc.constantFrom('glob' as const, 'glob-i' as const, 'arn' as const),
    pattern: arbitraryPattern,
  }),
  fc.record({ kind: fc.constant('present' as const), key: arbitraryText }),
  fc.record({
    kind: fc.constant('context' as const),
    quantifier: fc.constantFrom('any' as const, 'all' as const),
    key: arbitraryText,
    test: arbitraryValueTest,
  }),
);

export const arbitraryConstraint: fc.Arbitrary<Constraint> = fc.letrec<{ constraint: Constraint }>((tie) => ({
  constraint: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafConstraint,
    tie('constraint').map((body): Constraint => ({ kind: 'not', body })),
    fc.array(tie('constraint'), { minLength: 2, maxLength: 3 }).map((items): Constraint => ({ kind: 'and', items })),
    fc.array(tie('constraint'), { minLength: 2, maxLength: 3 }).map((items): Constraint => ({ kind: 'or', items })),
  ),
})).constraint;

export const arbitraryAtom: fc.Arbitrary<Atom> = fc.record({ predicate: arbitraryPredicate, args: list(arbitraryTerm) });

export const arbitraryLiteral: fc.Arbitrary<Literal> = fc.oneof(
  fc.record({ kind: fc.constant('atom' as const), atom: arbitraryAtom, negated: fc.boolean() }),
  arbitraryConstraint.map((constraint): Literal => ({ kind: 'constraint', constraint })),
);

export const arbitraryProvenance: fc.Arbitrary<Provenance> = fc.record(
  {
    source: fc.constantFrom(...PROVENANCE_SOURCES),
    policy: arbitraryText,
    sid: arbitraryText,
    file: arbitraryText,
    at: arbitraryText,
  },
  { requiredKeys: ['source', 'policy', 'sid'] },
);

/** Facts and rules, with and without provenance. */
export const arbitraryRule: fc.Arbitrary<Rule> = fc.record(
  { head: arbitraryAtom, body: fc.array(arbitraryLiteral, { maxLength: 4 }), provenance: arbitraryProvenance },
  { requiredKeys: ['head', 'body'] },
);

/** Ground facts (string arguments only): the clauses parseProgram reads on its fast path. */
export const arbitraryFact: fc.Arbitrary<Rule> = fc.record(
  {
    head: fc.record({ predicate: arbitraryPredicate, args: list(arbitraryText.map((value): Term => ({ kind: 'string', value }))) }),
    body: fc.constant([]),
    provenance: arbitraryProvenance,
  },
  { requiredKeys: ['head', 'body'] },
);

export const arbitraryProgram: fc.Arbitrary<Program> = fc.record({ rules: fc.array(fc.oneof(arbitraryRule, arbitraryFact), { maxLength: 5 }) });
