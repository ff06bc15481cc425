/**
 * Verbatim AWS CLI output is read leniently (AWS adds response fields over time) but a misspelled known field is
 * still an error; the native format is strict. Tags come in three shapes.
 */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseWorld } from '../../src/world/load.js';

const KEY = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function keyWorld(extra: string): string {
  return `keys:\n  - arn: ${KEY}\n    policy: { Statement: [] }\n${extra}`;
}

function errorOf(text: string): InputError {
  try {
    parseWorld(text, 'inline.yaml');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('verbatim AWS output', () => {
  test('a response field keyproof does not know is ignored', () => {
    const world = parseWorld(keyWorld('    metadata: { KeyMetadata: { KeyState: PendingDeletion, SomeFutureField: 1 } }\n'), 'inline.yaml');
    expect(world.keys.get(KEY)!.state).toBe('PendingDeletion');
  });

  test('a misspelled known field is an error with a suggestion', () => {
    const error = errorOf(keyWorld('    metadata: { KeyMetadata: { KeyStat: Disabled } }\n'));
    expect(error.location).toMatchObject({ file: 'inline.yaml', pointer: '/keys/0/metadata/KeyMetadata/KeyStat', line: 4 });
    expect(error.expected).toMatch(/unknown field "KeyStat" in KeyMetadata; did you mean "KeyState"\?/);
  });

  test('a grant listed under another key is an error', () => {
    const other = KEY.replace('1234abcd', '9999abcd');
    const error = errorOf(keyWorld(`    grants: { Grants: [{ KeyId: "${other}", GrantId: g, GranteePrincipal: "111122223333", Operations: [Decrypt] }] }\n`));
    expect(error.location?.pointer).toBe('/keys/0/grants/Grants/0/KeyId');
    expect(error.expected).toMatch(/this grant is for key .*9999abcd.*but it is listed under key/);
  });
});

describe('tags', () => {
  test.each([
    ['a map', '{ env: prod, __proto__: x }'],
    ['the IAM list', '[{ Key: env, Value: prod }, { Key: __proto__, Value: x }]'],
    ['the KMS list', '[{ TagKey: env, TagValue: prod }, { TagKey: __proto__, TagValue: x }]'],
  ])('as %s, keeping every key as an own property', (_shape, tags) => {
    const key = parseWorld(keyWorld(`    tags: ${tags}\n`), 'inline.yaml').keys.get(KEY)!;
    expect(Object.entries(key.tags)).toEqual([['env', 'prod'], ['__proto__', 'x']]);
  });

  test('a duplicate tag key is an error', () => {
    const error = errorOf(keyWorld('    tags: [{ Key: env, Value: a }, { Key: env, Value: b }]\n'));
    expect(error.location?.pointer).toBe('/keys/0/tags/1/Key');
    expect(error.expected).toBe('duplicate tag key "env"');
  });
});
