import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Constraint, Program, Rule, ValueTest } from '../../src/ir/ast.js';
import { atom, field, neg, pos, str, variable, where } from '../../src/ir/ast.js';
import { IR_KEYWORDS } from '../../src/ir/grammar.js';
import { parsePattern, parseProgram, parseProgramWithGrammarOnly } from '../../src/ir/parse.js';

/** The single rule of a one-clause program. */
function onlyRule(text: string): Rule {
  const { rules } = parseProgram(text);
  expect(rules).toHaveLength(1);
  return rules[0]!;
}

/** The constraint of `r :- C.` */
function constraintOf(text: string): Constraint {
  const literal = onlyRule(`r :- ${text}.`).body[0]!;
  if (literal.kind !== 'constraint') throw new Error(`not a constraint: ${text}`);
  return literal.constraint;
}

function testOf(text: string): ValueTest {
  const c = constraintOf(`ctx("k") any ${text}`);
  if (c.kind !== 'context') throw new Error('not a context constraint');
  return c.test;
}

function errorOf(text: string, source = 'kms.kp'): InputError {
  try {
    parseProgram(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('parseProgram: clauses', () => {
  test('the example of docs/intermediate-form.md', () => {
    const program = parseProgram(`// A fact: the key and its account.
key("arn:aws:kms:us-west-2:111122223333:key/1234", "111122223333").

// A rule from a key policy statement, with where it came from.
@from(source: "key-policy", policy: "key-policy", sid: "Enable IAM policies", file: "world.yaml:12:9", at: "/keys/0/policy/Statement/0")
statement_names("ks0", "account") :- $account == "111122223333", $kind != "root".

// A rule of the semantics, with a negated atom (stratified negation).
explicit_deny :- statement_denies(S), applies_to_request(S).
allowed :- use_authorized, not explicit_deny.
`);
    const expected: Program = {
      rules: [
        { head: atom('key', str('arn:aws:kms:us-west-2:111122223333:key/1234'), str('111122223333')), body: [] },
        {
          head: atom('statement_names', str('ks0'), str('account')),
          body: [
            where({ kind: 'compare', op: '==', left: field('account'), right: str('111122223333') }),
            where({ kind: 'compare', op: '!=', left: field('kind'), right: str('root') }),
          ],
          provenance: {
            source: 'key-policy', policy: 'key-policy', sid: 'Enable IAM policies', file: 'world.yaml:12:9',
            at: '/keys/0/policy/Statement/0',
          },
        },
        {
          head: atom('explicit_deny'),
          body: [pos(atom('statement_denies', variable('S'))), pos(atom('applies_to_request', variable('S')))],
        },
        { head: atom('allowed'), body: [pos(atom('use_authorized')), neg(atom('explicit_deny'))] },
      ],
    };
    expect(program).toEqual(expected);
  });

  test('an empty program, or only comments', () => {
    expect(parseProgram('')).toEqual({ rules: [] });
    expect(parseProgram('  // nothing here\n\n// nor here')).toEqual({ rules: [] });
  });

  test('provenance without the optional fields, in any order, has no file or at', () => {
    const rule = onlyRule('@from(sid: "s", policy: "p", source: "semantics")\nx.');
    expect(rule.provenance).toStrictEqual({ source: 'semantics', policy: 'p', sid: 's' });
  });

  test('empty parentheses are a 0-ary atom', () => {
    expect(onlyRule('p() :- q().')).toEqual({ head: atom('p'), body: [pos(atom('q'))] });
  });

  test('terms: strings with JSON escapes, variables, request fields', () => {
    const rule = onlyRule(String.raw`p("a\"b\\c\u00e9\n\/", X, _y1, _, $principal, $kind, $account, $role, $action, $resource).`);
    expect(rule.head.args).toEqual([
      str('a"b\\cé\n/'), variable('X'), variable('_y1'), variable('_'),
      field('principal'), field('kind'), field('account'), field('role'), field('action'), field('resource'),
    ]);
  });

  test('clauses may share a line, and spaces and comments go anywhere between tokens', () => {
    const program = parseProgram('a.b :- // why\n  c ,\n not\td(\n"x" // the key\n).');
    expect(program.rules).toEqual([
      { head: atom('a'), body: [] },
      { head: atom('b'), body: [pos(atom('c')), neg(atom('d', str('x')))] },
    ]);
  });

  test('a predicate may start with a keyword', () => {
    expect(onlyRule('notary :- nothing, inside, truely, ctxs.').body).toEqual(
      [pos(atom('nothing')), pos(atom('inside')), pos(atom('truely')), pos(atom('ctxs'))]);
  });

  test('"." inside strings and comments does not end a clause; a decimal point neither', () => {
    const rule = onlyRule('p("a.b") :- // a. b.\n ctx("k.x") any num< [1.5, 2.0e1].');
    expect(rule.head.args).toEqual([str('a.b')]);
    expect(rule.body).toEqual([where({
      kind: 'context', quantifier: 'any', key: 'k.x', test: { kind: 'number', op: '<', values: [1.5, 20] },
    })]);
  });
});

describe('parseProgram: constraints', () => {
  test('comparisons and matches', () => {
    expect(constraintOf('$action == X')).toEqual({ kind: 'compare', op: '==', left: field('action'), right: variable('X') });
    expect(constraintOf('"a" != $role')).toEqual({ kind: 'compare', op: '!=', left: str('a'), right: field('role') });
    expect(constraintOf('$action ~ "kms:*"')).toEqual(
      { kind: 'match', term: field('action'), matcher: 'glob', pattern: [{ kind: 'text', text: 'kms:' }, { kind: 'any' }] });
    expect(constraintOf('$action ~i "kms:?"')).toEqual(
      { kind: 'match', term: field('action'), matcher: 'glob-i', pattern: [{ kind: 'text', text: 'kms:' }, { kind: 'one' }] });
    expect(constraintOf('$role arn~ "arn:aws:iam::${aws:PrincipalAccount}:role/*"')).toEqual({
      kind: 'match', term: field('role'), matcher: 'arn',
      pattern: [
        { kind: 'text', text: 'arn:aws:iam::' }, { kind: 'var', key: 'aws:PrincipalAccount' },
        { kind: 'text', text: ':role/' }, { kind: 'any' },
      ],
    });
  });

  test('present, true, false', () => {
    expect(constraintOf('present("kms:ViaService")')).toEqual({ kind: 'present', key: 'kms:ViaService' });
    expect(constraintOf('true')).toEqual({ kind: 'true' });
    expect(constraintOf('false')).toEqual({ kind: 'false' });
  });

  test('ctx with any and all', () => {
    expect(constraintOf('ctx("aws:SourceVpc") all in ["vpc-1"]')).toEqual({
      kind: 'context', quantifier: 'all', key: 'aws:SourceVpc', test: { kind: 'in', values: ['vpc-1'], ignoreCase: false },
    });
    expect(constraintOf('ctx("k") any bool true')).toEqual({
      kind: 'context', quantifier: 'any', key: 'k', test: { kind: 'bool', value: true },
    });
  });

  test('every value test', () => {
    expect(testOf('in ["a", "b"]')).toEqual({ kind: 'in', values: ['a', 'b'], ignoreCase: false });
    expect(testOf('in_i []')).toEqual({ kind: 'in', values: [], ignoreCase: true });
    expect(testOf('like ["p*", "a\\\\*"]')).toEqual({
      kind: 'like', patterns: [[{ kind: 'text', text: 'p' }, { kind: 'any' }], [{ kind: 'text', text: 'a*' }]], ignoreCase: false,
    });
    expect(testOf('arn_like ["arn:aws:iam::*:role/*"]')).toEqual({
      kind: 'arn-like',
      patterns: [[{ kind: 'text', text: 'arn:aws:iam::' }, { kind: 'any' }, { kind: 'text', text: ':role/' }, { kind: 'any' }]],
    });
    expect(testOf('num< [5, -1.25, 3e2, 0.5E-1]')).toEqual({ kind: 'number', op: '<', values: [5, -1.25, 300, 0.05] });
    for (const op of ['<', '<=', '>', '>=', '=='] as const) {
      expect(testOf(`num${op} [1]`)).toEqual({ kind: 'number', op, values: [1] });
      expect(testOf(`date${op} [1700000000000, -5]`)).toEqual({ kind: 'date', op, values: [1700000000000, -5] });
    }
    expect(testOf('ip ["10.0.0.0/8", "2001:db8::/32"]')).toEqual({ kind: 'ip', cidrs: ['10.0.0.0/8', '2001:db8::/32'] });
    expect(testOf('bool false')).toEqual({ kind: 'bool', value: false });
    expect(testOf('bin ["AAEC"]')).toEqual({ kind: 'binary', values: ['AAEC'] });
  });

  test('-0 keeps its sign', () => {
    const test = testOf('num== [-0]');
    expect(test.kind === 'number' && Object.is(test.values[0], -0)).toBe(true);
  });

  test('!, & and | groups, nested; `!` applies to one constraint; redundant parentheses are dropped', () => {
    expect(constraintOf('!(true & (false | !present("k")) & ($action == "x"))')).toEqual({
      kind: 'not',
      body: {
        kind: 'and',
        items: [
          { kind: 'true' },
          { kind: 'or', items: [{ kind: 'false' }, { kind: 'not', body: { kind: 'present', key: 'k' } }] },
          { kind: 'compare', op: '==', left: field('action'), right: str('x') },
        ],
      },
    });
    expect(constraintOf('!!$action == "x"')).toEqual({
      kind: 'not', body: { kind: 'not', body: { kind: 'compare', op: '==', left: field('action'), right: str('x') } },
    });
  });
});

describe('parsePattern', () => {
  test('wildcards, escapes and variables', () => {
    expect(parsePattern('')).toEqual([]);
    expect(parsePattern('a*b?c')).toEqual([
      { kind: 'text', text: 'a' }, { kind: 'any' }, { kind: 'text', text: 'b' }, { kind: 'one' }, { kind: 'text', text: 'c' },
    ]);
    expect(parsePattern(String.raw`\*\?\$\\{}`)).toEqual([{ kind: 'text', text: '*?$\\{}' }]);
    expect(parsePattern("${aws:username}/${aws:PrincipalTag/team, 'none'}")).toEqual([
      { kind: 'var', key: 'aws:username' }, { kind: 'text', text: '/' }, { kind: 'var', key: 'aws:PrincipalTag/team', default: 'none' },
    ]);
    expect(parsePattern("${a\\}\\,\\'b,   'it\\'s\\\\'}")).toEqual([{ kind: 'var', key: "a},'b", default: "it's\\" }]);
    expect(parsePattern("${k, ''}")).toEqual([{ kind: 'var', key: 'k', default: '' }]);
  });

  test('malformed patterns', () => {
    expect(() => parsePattern('a\\b')).toThrow(/`\\b` is not an escape/);
    expect(() => parsePattern('a\\')).toThrow(/backslash at the end/);
    expect(() => parsePattern('a$b')).toThrow(/literal `\$` must be escaped/);
    expect(() => parsePattern('${aws:username')).toThrow(/unterminated policy variable/);
    expect(() => parsePattern("${k, 'x")).toThrow(/unterminated policy variable/);
    expect(() => parsePattern("${k, 'x'")).toThrow(/expected `}` after the default/);
    expect(() => parsePattern('${}')).toThrow(/needs a key/);
    expect(() => parsePattern('${a,b}')).toThrow(/expected `}` or `, 'default'`/);
  });
});

describe('parseProgram: errors name the file, line and column', () => {
  const cases: { name: string; text: string; line: number; column: number; message: RegExp }[] = [
    { name: 'missing final dot', text: 'a :- b', line: 1, column: 7, message: /expected .*"\."/ },
    { name: 'empty body', text: 'a :- .', line: 1, column: 6, message: /expected/ },
    { name: 'unknown request field', text: 'x.\n\nr :- $foo == "a".', line: 3, column: 6, message: /unknown request field `\$foo`/ },
    {
      name: 'unknown provenance field', text: 'x.\n@from(source: "world", policy: "p", sid: "s", line: "3")\ny.', line: 2, column: 47,
      message: /unknown provenance field `line`/,
    },
    { name: 'missing provenance field', text: '@from(source: "world", sid: "s")\ny.', line: 1, column: 1, message: /@from needs policy/ },
    {
      name: 'unknown provenance source', text: '@from(source: "kms", policy: "p", sid: "s") y.', line: 1, column: 7,
      message: /unknown provenance source "kms"/,
    },
    {
      name: 'provenance field twice', text: '@from(source: "world", policy: "p", sid: "s", sid: "t") y.', line: 1, column: 47,
      message: /`sid` given twice/,
    },
    { name: 'bad escape in a pattern', text: 'r :-\n  $action ~ "kms:\\\\x".', line: 2, column: 13, message: /`\\x` is not an escape/ },
    { name: 'unterminated variable', text: 'r :- ctx("k") any like ["ok", "${aws:username"].', line: 1, column: 31, message: /unterminated policy variable/ },
    { name: 'unescaped $ in a pattern', text: 'r :- $action ~i "a$".', line: 1, column: 17, message: /literal `\$` must be escaped/ },
    { name: 'number that is not finite', text: 'r :- ctx("k") any num> [1, 1e999].', line: 1, column: 28, message: /1e999 is not finite/ },
    { name: 'date that is not an integer', text: 'r :- ctx("k") any date< [1.5].', line: 1, column: 27, message: /expected/ },
    { name: 'date out of range', text: 'r :- ctx("k") any date< [9007199254740993].', line: 1, column: 26, message: /out of range/ },
    { name: 'keyword as a predicate', text: 'a.\ntrue.', line: 2, column: 1, message: /`true` is a keyword/ },
    { name: 'keyword in a body', text: 'a :- present.', line: 1, column: 13, message: /expected "\("/ },
    { name: '& and | mixed without parentheses', text: 'a :- (true & false | true).', line: 1, column: 20, message: /expected "\)" or "&"/ },
    { name: 'unterminated string', text: 'a("x) :- b.\nc.', line: 1, column: 3, message: /a string closes on its line/ },
    { name: 'control character in a string', text: 'a("x\ty").', line: 1, column: 3, message: /holds no control character/ },
    { name: 'upper-case predicate', text: 'a.\n  // comment\n  Foo :- a.', line: 3, column: 3, message: /expected/ },
    { name: 'junk after the last clause', text: 'a.\nb', line: 2, column: 2, message: /expected/ },
    { name: 'num with a space before the operator', text: 'a :- ctx("k") any num < [1].', line: 1, column: 22, message: /expected ">", "<"/ },
  ];
  for (const { name, text, line, column, message } of cases) {
    test(name, () => {
      const error = errorOf(text);
      expect(error.location).toEqual({ file: 'kms.kp', pointer: '', line, column });
      expect(error.expected).toMatch(message);
      expect(error.message).toBe(`kms.kp:${line}:${column}: ${error.expected}`);
    });
  }

  test('the default source name', () => {
    expect(() => parseProgram('a')).toThrow(/^<ir>:1:2: expected/);
  });

  test('an error inside a fact is reported the same with or without the fast path', () => {
    for (const text of ['x.\n@from(source: "world", policy: "p", sid: "s", bad: "3")\ny("a").', 'p("a",).', 'p("a\\q").']) {
      let withGrammar: unknown;
      try {
        parseProgramWithGrammarOnly(text, 'kms.kp');
      } catch (error) {
        withGrammar = error;
      }
      expect(withGrammar).toBeInstanceOf(InputError);
      expect(errorOf(text).message).toBe((withGrammar as InputError).message);
    }
  });
});

describe('keywords', () => {
  test('no keyword can name a predicate, in a head or a body', () => {
    for (const keyword of IR_KEYWORDS) {
      expect(() => parseProgram(`${keyword}.`), keyword).toThrow(InputError);
      expect(() => parseProgram(`${keyword}("a").`), keyword).toThrow(InputError);
      // In a body, `present("a")` is a constraint: a variable argument shows that no keyword reads as an atom.
      expect(() => parseProgram(`p :- ${keyword}(X).`), keyword).toThrow(InputError);
    }
  });

  test('the grammar reserves no word that IR_KEYWORDS lacks', () => {
    for (const word of ['arn', 'arn_likes', 'num_x', 'dates', 'from', 'in_ix', 'bools', 'ips']) {
      expect(parseProgram(`${word}.`).rules[0]!.head.predicate).toBe(word);
    }
  });
});
