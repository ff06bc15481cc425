import { describe, expect, test } from 'vitest';
import { InternalError } from '../../src/errors.js';
import type { Constraint, Pattern, Program } from '../../src/ir/ast.js';
import { atom, field, neg, pos, str, variable, where } from '../../src/ir/ast.js';
import { parseProgram } from '../../src/ir/parse.js';
import { normalizePattern, printPattern } from '../../src/ir/pattern.js';
import { printAtom, printConstraint, printProgram, printRule, printValueTest } from '../../src/ir/print.js';

const action = (text: string): Constraint => ({ kind: 'compare', op: '==', left: field('action'), right: str(text) });

describe('printProgram', () => {
  test('one clause per line, the annotation on the line before, a final newline', () => {
    const program: Program = {
      rules: [
        { head: atom('key', str('k1'), str('111122223333')), body: [] },
        {
          head: atom('statement_names', str('ks0'), str('account')),
          body: [where(action('kms:Decrypt')), pos(atom('p', variable('S'))), neg(atom('explicit_deny'))],
          provenance: { source: 'key-policy', policy: 'key-policy', sid: 'Enable IAM policies', file: 'world.yaml:12:9', at: '/keys/0' },
        },
        { head: atom('allowed'), body: [pos(atom('use_authorized'))], provenance: { source: 'semantics', policy: 'kms', sid: '' } },
      ],
    };
    expect(printProgram(program)).toBe([
      'key("k1", "111122223333").',
      '@from(source: "key-policy", policy: "key-policy", sid: "Enable IAM policies", file: "world.yaml:12:9", at: "/keys/0")',
      'statement_names("ks0", "account") :- $action == "kms:Decrypt", p(S), not explicit_deny.',
      '@from(source: "semantics", policy: "kms", sid: "")',
      'allowed :- use_authorized.',
      '',
    ].join('\n'));
    expect(printProgram({ rules: [] })).toBe('');
  });

  test('strings are JSON, lone surrogates included', () => {
    expect(printAtom(atom('p', str('a"b\\c\n\u0000é😀\ud800')))).toBe('p("a\\"b\\\\c\\n\\u0000é😀\\ud800")');
  });
});

describe('printConstraint', () => {
  test('every constraint kind', () => {
    expect(printConstraint({ kind: 'true' })).toBe('true');
    expect(printConstraint({ kind: 'false' })).toBe('false');
    expect(printConstraint({ kind: 'compare', op: '!=', left: variable('X'), right: field('role') })).toBe('X != $role');
    expect(printConstraint({ kind: 'match', term: field('action'), matcher: 'glob', pattern: [{ kind: 'text', text: 'kms:' }, { kind: 'any' }] }))
      .toBe('$action ~ "kms:*"');
    expect(printConstraint({ kind: 'match', term: field('action'), matcher: 'glob-i', pattern: [{ kind: 'one' }] })).toBe('$action ~i "?"');
    expect(printConstraint({ kind: 'match', term: field('resource'), matcher: 'arn', pattern: [] })).toBe('$resource arn~ ""');
    expect(printConstraint({ kind: 'present', key: 'kms:ViaService' })).toBe('present("kms:ViaService")');
    expect(printConstraint({ kind: 'context', quantifier: 'all', key: 'k', test: { kind: 'bool', value: false } })).toBe('ctx("k") all bool false');
  });

  test('groups always have parentheses, `!` never adds any', () => {
    const nested: Constraint = {
      kind: 'or',
      items: [
        { kind: 'and', items: [action('a'), { kind: 'not', body: action('b') }] },
        { kind: 'not', body: { kind: 'or', items: [{ kind: 'true' }, { kind: 'false' }] } },
        { kind: 'and', items: [{ kind: 'and', items: [{ kind: 'true' }, { kind: 'true' }] }, { kind: 'false' }] },
      ],
    };
    expect(printConstraint(nested)).toBe(
      '(($action == "a" & !$action == "b") | !(true | false) | ((true & true) & false))');
    expect(parseProgram(`r :- ${printConstraint(nested)}.`).rules[0]!.body).toEqual([where(nested)]);
  });

  test('a group of fewer than two items prints as its equivalent', () => {
    expect(printConstraint({ kind: 'and', items: [] })).toBe('true');
    expect(printConstraint({ kind: 'or', items: [] })).toBe('false');
    expect(printConstraint({ kind: 'and', items: [action('a')] })).toBe('$action == "a"');
    expect(printConstraint({ kind: 'not', body: { kind: 'or', items: [{ kind: 'and', items: [] }] } })).toBe('!true');
  });
});

describe('printValueTest', () => {
  test('every value test', () => {
    expect(printValueTest({ kind: 'in', values: ['a', 'b'], ignoreCase: false })).toBe('in ["a", "b"]');
    expect(printValueTest({ kind: 'in', values: [], ignoreCase: true })).toBe('in_i []');
    expect(printValueTest({ kind: 'like', patterns: [[{ kind: 'text', text: 'p*' }, { kind: 'any' }]], ignoreCase: false })).toBe('like ["p\\\\**"]');
    expect(printValueTest({ kind: 'like', patterns: [[{ kind: 'text', text: 'A' }, { kind: 'var', key: 'k' }]], ignoreCase: true })).toBe('like_i ["A${k}"]');
    expect(printValueTest({ kind: 'arn-like', patterns: [[{ kind: 'var', key: 'aws:username' }]] })).toBe('arn_like ["${aws:username}"]');
    expect(printValueTest({ kind: 'number', op: '>=', values: [5, -1.5, 1e21, 5e-324, -0] })).toBe('num>= [5, -1.5, 1e+21, 5e-324, -0]');
    expect(printValueTest({ kind: 'date', op: '<', values: [1700000000000, -1] })).toBe('date< [1700000000000, -1]');
    expect(printValueTest({ kind: 'ip', cidrs: ['10.0.0.0/8'] })).toBe('ip ["10.0.0.0/8"]');
    expect(printValueTest({ kind: 'bool', value: true })).toBe('bool true');
    expect(printValueTest({ kind: 'binary', values: ['AAEC'] })).toBe('bin ["AAEC"]');
  });
});

describe('printPattern', () => {
  test('escapes what the pattern text would read otherwise', () => {
    expect(printPattern([{ kind: 'text', text: 'a*b?c$d\\e{f}\'g,' }])).toBe("a\\*b\\?c\\$d\\\\e{f}'g,");
    expect(printPattern([{ kind: 'var', key: "a},'b\\$", default: "it's\\}" }])).toBe("${a\\}\\,\\'b\\\\$, 'it\\'s\\\\}'}");
    expect(printPattern([{ kind: 'any' }, { kind: 'one' }, { kind: 'var', key: 'k', default: '' }])).toBe("*?${k, ''}");
  });

  test('a pattern variable without a key cannot be printed', () => {
    expect(() => printPattern([{ kind: 'var', key: '' }])).toThrow(InternalError);
  });

  test('normalizePattern merges adjacent text and drops empty text', () => {
    const pattern: Pattern = [
      { kind: 'text', text: '' }, { kind: 'text', text: 'a' }, { kind: 'text', text: 'b' }, { kind: 'any' },
      { kind: 'text', text: '' }, { kind: 'one' }, { kind: 'text', text: 'c' },
    ];
    expect(normalizePattern(pattern)).toEqual([{ kind: 'text', text: 'ab' }, { kind: 'any' }, { kind: 'one' }, { kind: 'text', text: 'c' }]);
    // A pattern not in canonical form still prints to text that reads back as its canonical form.
    const text = printRule({ head: atom('r'), body: [where({ kind: 'match', term: field('action'), matcher: 'glob', pattern })] });
    expect(parseProgram(text).rules[0]!.body[0]).toEqual(
      where({ kind: 'match', term: field('action'), matcher: 'glob', pattern: normalizePattern(pattern) }));
  });
});

describe('what the parser could not read back is an internal error', () => {
  test.each([
    ['a keyword as predicate', () => printAtom(atom('not'))],
    ['an upper-case predicate', () => printAtom(atom('Key'))],
    ['an empty predicate', () => printAtom(atom(''))],
    ['a lower-case variable', () => printAtom(atom('p', variable('x')))],
    ['an unknown request field', () => printAtom(atom('p', { kind: 'field', name: 'foo' as 'kind' }))],
    ['NaN', () => printValueTest({ kind: 'number', op: '<', values: [Number.NaN] })],
    ['Infinity', () => printValueTest({ kind: 'number', op: '<', values: [Infinity] })],
    ['a fractional date', () => printValueTest({ kind: 'date', op: '<', values: [1.5] })],
    ['a date beyond 2^53', () => printValueTest({ kind: 'date', op: '<', values: [2 ** 60] })],
  ])('%s', (_name, print) => {
    expect(print).toThrow(InternalError);
  });
});
