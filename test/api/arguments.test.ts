/**
 * The library's arguments (issue 17 item 7): a bad argument to any exported function is an InputError naming the
 * function and the argument, never a TypeError; the request context may be an object, with arrays for multi-valued
 * keys, and means the same as the `K=V` pairs.
 */
import { afterAll, describe, expect, test } from 'vitest';
import * as keyproof from '../../src/index.js';
import { EXAMPLE_WORLD_FILE } from '../fixtures/example-world.js';

afterAll(keyproof.closeEngines);

const world = keyproof.loadWorld(EXAMPLE_WORLD_FILE);
const good = { principal: 'BatchRole', action: 'kms:Decrypt', key: 'app-key' };

/** Calls that must fail with an InputError whose message matches. */
const BAD_CALLS: Array<[string, () => unknown, RegExp]> = [
  ['loadWorld(undefined)', () => keyproof.loadWorld(undefined as never), /loadWorld\(path\): expected a non-empty string; got undefined/],
  ['loadWorld(42)', () => keyproof.loadWorld(42 as never), /loadWorld\(path\): expected a non-empty string; got number 42/],
  ['parseWorld(null, f)', () => keyproof.parseWorld(null as never, 'w.yaml'), /parseWorld\(text\): expected a non-empty string; got null/],
  ['parseWorld(text, {})', () => keyproof.parseWorld('accounts: []', {} as never), /parseWorld\(file\): expected a non-empty string; got an object/],
  ['check(null, ...)', () => keyproof.check(null as never, good), /check\(world\): expected a world from loadWorld or parseWorld; got null/],
  ['check(world)', () => keyproof.check(world, undefined as never), /check\(input\): expected an object of named arguments; got undefined/],
  ['check principal 7', () => keyproof.check(world, { ...good, principal: 7 as never }), /check: principal: expected a non-empty string; got number 7/],
  ['check action missing', () => keyproof.check(world, { principal: 'bob', key: 'app-key' } as never), /check: action: expected a non-empty string; got undefined/],
  ['check key ""', () => keyproof.check(world, { ...good, key: '' }), /check: key: expected a non-empty string; got the string ""/],
  ['check context 5', () => keyproof.check(world, { ...good, context: 5 as never }), /check: context: expected an object .* or an array of 'KEY=VALUE' strings; got number 5/],
  ['check context [1]', () => keyproof.check(world, { ...good, context: [1] as never }), /check: context\[0\]: expected a 'KEY=VALUE' string; got number 1/],
  ['check context {k: 1}', () => keyproof.check(world, { ...good, context: { 'aws:SourceIp': 1 } }), /check: context\['aws:SourceIp'\]: expected a string \(the key's type is IPAddress\), or an array of them; got number 1/],
  ['check context {k: [1]}', () => keyproof.check(world, { ...good, context: { k: ['a', 1] } }), /check: context\['k'\]\[1\]: expected a string, or an array of them; got number 1/],
  ['check context {Bool: 1}', () => keyproof.check(world, { ...good, context: { 'aws:MultiFactorAuthPresent': 1 } }), /check: context\['aws:MultiFactorAuthPresent'\]: expected a string or a boolean \(the key's type is Bool\), or an array of them; got number 1/],
  ['check context {Numeric: true}', () => keyproof.check(world, { ...good, context: { 'aws:MultiFactorAuthAge': true } }), /check: context\['aws:MultiFactorAuthAge'\]: expected a string or a finite number \(the key's type is Numeric\), or an array of them; got boolean true/],
  ['check context {Numeric: NaN}', () => keyproof.check(world, { ...good, context: { 'aws:MultiFactorAuthAge': Number.NaN } }), /check: context\['aws:MultiFactorAuthAge'\]: expected a string or a finite number .*; got number NaN/],
  ['check context {k: null}', () => keyproof.check(world, { ...good, context: { 'kms:EncryptionContext:a': null as never } }), /check: context\['kms:EncryptionContext:a'\]: expected a string \(the key's type is String\), or an array of them; got null/],
  ['check whyNot "yes"', () => keyproof.check(world, { ...good, whyNot: 'yes' as never }), /check: whyNot: expected true or false; got the string "yes"/],
  ['check transitive "yes"', () => keyproof.check(world, { ...good, transitive: 'yes' as never }), /check: transitive: expected true or false; got the string "yes"/],
  ['check engine cvc5', () => keyproof.check(world, { ...good, engine: 'cvc5' as never }), /check: engine: expected one of 'z3', 'reference'; got the string "cvc5"/],
  ['check timeoutMs -1', () => keyproof.check(world, { ...good, timeoutMs: -1 }), /check: timeoutMs: expected a positive whole number; got number -1/],
  ['check resourceLimit 1.5', () => keyproof.check(world, { ...good, resourceLimit: 1.5 }), /check: resourceLimit: expected a positive whole number; got number 1.5/],
  ['whoCan({})', () => keyproof.whoCan({} as never, { key: 'app-key', action: 'kms:Decrypt' }), /whoCan\(world\): expected a world/],
  ['whoCan key null', () => keyproof.whoCan(world, { key: null as never, action: 'kms:Decrypt' }), /whoCan: key: expected a non-empty string; got null/],
  ['whoCan input "x"', () => keyproof.whoCan(world, 'x' as never), /whoCan\(input\): expected an object of named arguments; got the string "x"/],
  ['whatCan principal []', () => keyproof.whatCan(world, { principal: [] as never }), /whatCan: principal: expected a non-empty string; got an array/],
  ['audit(world, 3)', () => keyproof.audit(world, 3 as never), /audit\(options\): expected an object of named arguments; got number 3/],
  ['audit onProgress', () => keyproof.audit(world, { onProgress: 'x' as never }), /audit: onProgress: expected a function; got the string "x"/],
  ['audit(undefined)', () => keyproof.audit(undefined as never), /audit\(world\): expected a world/],
  ['reach key 1', () => keyproof.reach(world, { key: 1 as never }), /reach: key: expected a non-empty string; got number 1/],
  ['reach timeoutMs 0', () => keyproof.reach(world, { timeoutMs: 0 }), /reach: timeoutMs: expected a positive whole number; got number 0/],
  ['query(world, 1)', () => keyproof.query(world, 1 as never), /query\(text\): expected a non-empty string; got number 1/],
  ['query options', () => keyproof.query(world, 'which keys are public', { timeoutMs: '5' as never }), /query: timeoutMs: expected a positive whole number; got the string "5"/],
  ['query(null, text)', () => keyproof.query(null as never, 'which keys are public'), /query\(world\): expected a world/],
  ['diff(undefined)', () => keyproof.diff(undefined as never), /diff\(input\): expected an object of named arguments; got undefined/],
  ['diff old 1', () => keyproof.diff({ old: 1 as never, new: 'b.json' }), /diff: old: expected a non-empty string; got number 1/],
  ['diff kind', () => keyproof.diff({ old: 'a.json', new: 'b.json', kind: 'resource' as never }), /diff: kind: expected one of 'key', 'identity'; got the string "resource"/],
  ['diffLoaded(null)', () => keyproof.diffLoaded(null as never), /diffLoaded\(policies\): expected \{ kind, old, new \}/],
];

describe('bad arguments are InputErrors', () => {
  test.each(BAD_CALLS)('%s', async (_name, call, message) => {
    let error: unknown;
    try {
      await call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(keyproof.InputError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('the request context as an object', () => {
  test('a string per key, an array for a multi-valued key: the same answers as the K=V pairs', async () => {
    // BatchRole's grant allows Decrypt when the encryption context has Department=Finance.
    for (const engine of ['reference', 'z3'] as const) {
      const asObject = await keyproof.check(world, { ...good, engine, context: { 'kms:EncryptionContext:Department': 'Finance' } });
      const asPairs = await keyproof.check(world, { ...good, engine, context: ['kms:EncryptionContext:Department=Finance'] });
      expect(asObject.decision).toBe('ALLOW');
      expect(asObject).toEqual(asPairs);
      const other = await keyproof.check(world, { ...good, engine, context: { 'kms:EncryptionContext:Department': 'Sales' } });
      expect(other.decision).toBe('DENY');
    }
  }, 120_000);

  test('a boolean for a Bool key and a number for a Numeric key mean their text, in both engines', async () => {
    const typed = { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 300, 'kms:EncryptionContext:Department': 'Finance' };
    const pairs = ['aws:MultiFactorAuthPresent=true', 'aws:MultiFactorAuthAge=300', 'kms:EncryptionContext:Department=Finance'];
    for (const engine of ['reference', 'z3'] as const) {
      expect(await keyproof.check(world, { ...good, engine, context: typed })).toEqual(await keyproof.check(world, { ...good, engine, context: pairs }));
    }
    // A key policy that asks for MFA within the hour (iam/reference_policies_condition-keys.md#condition-keys-multifactorauthpresent).
    const mfa = keyproof.parseWorld(`
accounts: [{ id: "111122223333", users: [{ arn: "arn:aws:iam::111122223333:user/dana" }] }]
keys:
  - arn: arn:aws:kms:us-west-2:111122223333:key/1111aaaa-11aa-11aa-11aa-111111111111
    policy: { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/dana" },
      "Action": "kms:Decrypt", "Resource": "*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" }, "NumericLessThan": { "aws:MultiFactorAuthAge": "3600" } } }] }
`, 'mfa.yaml');
    const ask = { principal: 'dana', action: 'Decrypt', key: '1111aaaa-11aa-11aa-11aa-111111111111' };
    for (const engine of ['reference', 'z3'] as const) {
      expect((await keyproof.check(mfa, { ...ask, engine, context: { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 300 } })).decision).toBe('ALLOW');
      expect((await keyproof.check(mfa, { ...ask, engine, context: { 'aws:MultiFactorAuthPresent': false, 'aws:MultiFactorAuthAge': 300 } })).decision).toBe('DENY');
      expect((await keyproof.check(mfa, { ...ask, engine, context: { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 7200 } })).decision).toBe('DENY');
    }
  }, 120_000);

  test('arrays give multi-valued keys; an encryption context key has one value', async () => {
    const multi = { 'kms:EncryptionContext:Department': 'Finance', 'kms:EncryptionContextKeys': ['Department', 'Project'], 'aws:SourceIp': '10.0.0.1' };
    const pairs = ['kms:EncryptionContext:Department=Finance', 'kms:EncryptionContextKeys=Department', 'kms:EncryptionContextKeys=Project', 'aws:SourceIp=10.0.0.1'];
    const a = await keyproof.check(world, { ...good, engine: 'reference', context: multi });
    const b = await keyproof.check(world, { ...good, engine: 'reference', context: pairs });
    expect(a).toEqual(b);
    await expect(keyproof.check(world, { ...good, context: { 'kms:EncryptionContext:Department': ['a', 'b'] } }))
      .rejects.toThrow(/the encryption context key 'Department' is given twice/);
  });
});
