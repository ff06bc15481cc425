import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseQuery } from '../../src/query/parse.js';

describe('parseQuery', () => {
  it('reads who can, with a short alias, a key id or a full ARN', () => {
    expect(parseQuery('who can kms:Decrypt on alias/app')).toEqual({ kind: 'who-can', action: 'kms:Decrypt', key: 'alias/app' });
    expect(parseQuery('who can kms:Encrypt on key/1234abcd-12ab')).toEqual({ kind: 'who-can', action: 'kms:Encrypt', key: 'key/1234abcd-12ab' });
    const arn = 'arn:aws:kms:us-west-2:444455556666:key/1111aaaa-11aa-11aa-11aa-111111111111';
    expect(parseQuery(`  WHO Can kms:Decrypt ON ${arn}  `)).toEqual({ kind: 'who-can', action: 'kms:Decrypt', key: arn });
  });

  it('reads can, with encryption-context pairs, condition keys, a quoted value and through roles', () => {
    expect(parseQuery('can user/bob kms:Decrypt key/1234 with Department=Finance and kms:ViaService=s3.us-west-2.amazonaws.com through roles'))
      .toEqual({
        kind: 'can', principal: 'user/bob', action: 'kms:Decrypt', key: 'key/1234',
        context: ['kms:EncryptionContext:Department=Finance', 'kms:ViaService=s3.us-west-2.amazonaws.com'], transitive: true,
      });
    expect(parseQuery('can 111122223333 kms:Decrypt alias/x with Project="a b"'))
      .toEqual({ kind: 'can', principal: '111122223333', action: 'kms:Decrypt', key: 'alias/x', context: ['kms:EncryptionContext:Project=a b'], transitive: false });
    expect(parseQuery('can role/r kms:Sign alias/x through roles'))
      .toEqual({ kind: 'can', principal: 'role/r', action: 'kms:Sign', key: 'alias/x', context: [], transitive: true });
  });

  it('reads what can', () => {
    expect(parseQuery('what can role/deploy do')).toEqual({ kind: 'what-can', principal: 'role/deploy' });
  });

  it('reads which keys are public or external, in any case', () => {
    expect(parseQuery('which keys are public')).toEqual({ kind: 'which-keys', exposure: 'public' });
    expect(parseQuery(' Which KEYS are External ')).toEqual({ kind: 'which-keys', exposure: 'external' });
    expect(parseQuery('which\tkeys  are PUBLIC')).toEqual({ kind: 'which-keys', exposure: 'public' });
  });

  const syntaxErrors: [text: string, column: number, expected: string][] = [
    ['who can on alias/x', 9, 'a KMS action'],
    ['who kms:Decrypt on alias/x', 5, '"can"'],
    ['can user/bob kms:Decrypt', 25, 'a key'],
    ['what can do', 10, 'a principal'],
    ['who can kms:Decrypt on alias/a extra', 32, 'end of input'],
    ['can user/bob kms:Decrypt key/1 with and', 37, 'a context pair'],
    ['can user/bob kms:Decrypt key/1 through', 39, '"roles"'],
    ['what can role/x do\nwho', 19, 'end of input'],
    ['which keys are', 15, 'public or external'],
    ['which keys are private', 16, 'public or external'],
    ['which keys are publicly', 16, 'public or external'],
    ['which keys public', 12, '"are"'],
    ['which are public', 7, '"keys"'],
    ['which keys are public now', 23, 'end of input'],
  ];
  it.each(syntaxErrors)('reports %j at column %i, expecting %s', (text, column, expected) => {
    let error: unknown;
    try {
      parseQuery(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.location).toEqual({ file: '<query>', pointer: '', line: 1, column });
    expect(inputError.message).toContain(`<query>:1:${column}: expected ${expected}`);
  });
});
