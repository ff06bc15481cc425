/** parsePolicyDocument: the accepted forms, the rules per policy kind, and the errors with their places. */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { BASE_OPERATORS } from '../../src/policy/parse-condition.js';
import { parsePolicyDocument, type PolicyKind } from '../../src/policy/parse.js';

const at = { file: 'policy.json', pointer: '' };
const allow = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };

function parse(document: unknown, kind: PolicyKind = 'identity') {
  return parsePolicyDocument(document, at, kind);
}

function errorOf(document: unknown, kind: PolicyKind = 'identity'): InputError {
  try {
    parse(document, kind);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('the document was accepted');
}

describe('accepted forms', () => {
  test('a single statement object is statement 0; strings stand for one-element lists', () => {
    const doc = parse({ Version: '2012-10-17', Statement: allow });
    expect(doc.version).toBe('2012-10-17');
    expect(doc.statements).toEqual([
      { index: 0, effect: 'Allow', action: ['kms:Decrypt'], resource: ['*'], conditions: [], location: { file: 'policy.json', pointer: '/Statement' } },
    ]);
  });

  test('a JSON string and a URL-encoded JSON string read to the same model as the object', () => {
    const object = { Version: '2008-10-17', Statement: [{ ...allow, Sid: 'A b' }] };
    const text = JSON.stringify(object);
    expect(parse(text)).toEqual(parse(object));
    expect(parse(encodeURIComponent(text))).toEqual(parse(object));
  });

  test('Principal "*" is the AWS principal "*"; account ids, ARNs and unique ids are kept as written', () => {
    const doc = parse(
      {
        Statement: {
          ...allow,
          Principal: {
            AWS: ['*', '111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/a/b', 'AROADBQP57FF2AEXAMPLE', 'arn:aws:sts::111122223333:federated-user/Paulo'],
            Federated: 'arn:aws:iam::111122223333:saml-provider/ADFS',
            CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
          },
        },
      },
      'resource',
    );
    expect(doc.statements[0]!.principal!.map((p) => `${p.type}=${p.value}`)).toEqual([
      'AWS=*', 'AWS=111122223333', 'AWS=arn:aws:iam::111122223333:root', 'AWS=arn:aws:iam::111122223333:role/a/b',
      'AWS=AROADBQP57FF2AEXAMPLE', 'AWS=arn:aws:sts::111122223333:federated-user/Paulo',
      'Federated=arn:aws:iam::111122223333:saml-provider/ADFS',
      'CanonicalUser=79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
    ]);
    expect(parse({ Statement: { ...allow, Principal: '*' } }, 'resource').statements[0]!.principal).toEqual([{ type: 'AWS', value: '*' }]);
  });

  test('every condition operator, with IfExists and the set qualifiers', () => {
    for (const base of BASE_OPERATORS) {
      const suffixes = base === 'Null' ? [''] : ['', 'IfExists'];
      for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:']) {
        for (const suffix of suffixes) {
          const operatorText = `${prefix}${base}${suffix}`;
          const [clause] = parse({ Statement: { ...allow, Condition: { [operatorText]: { 'aws:Key': ['a', 1, false] } } } }).statements[0]!.conditions;
          expect(clause).toMatchObject({ operatorText, base, ifExists: suffix !== '', key: 'aws:Key', values: ['a', '1', 'false'] });
          expect(clause!.qualifier).toBe(prefix === '' ? undefined : prefix.slice(0, -1));
        }
      }
    }
  });

  test('locations come from the locate function when one is given', () => {
    const doc = parsePolicyDocument({ Statement: [allow] }, { file: 'f.json', pointer: '/doc', locate: (p) => ({ line: p.length, column: 1 }) }, 'identity');
    expect(doc.statements[0]!.location).toEqual({ file: 'f.json', pointer: '/doc/Statement/0', line: '/doc/Statement/0'.length, column: 1 });
  });
});

describe('rules per kind of policy', () => {
  const principal = { Principal: { AWS: '111122223333' } };
  test.each<[string, unknown, PolicyKind, RegExp]>([
    ['identity policies have no Principal', { ...allow, ...principal }, 'identity', /identity-based policy cannot have a Principal/],
    ['SCPs have no Principal', { ...allow, ...principal }, 'scp', /service control policy cannot have a Principal/],
    ['key policies need a Principal', allow, 'resource', /must have a Principal or NotPrincipal/],
    ['RCPs cannot use NotAction', { Effect: 'Deny', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' }, 'rcp', /resource control policy cannot use NotAction/],
    ['identity policies need a Resource', { Effect: 'Allow', Action: 'kms:Decrypt' }, 'identity', /must have a Resource or NotResource/],
    ['every statement needs an Action', { Effect: 'Allow', Resource: '*' }, 'identity', /must have a Action or NotAction/],
  ])('%s', (_name, statement, kind, message) => {
    expect(errorOf({ Statement: [statement] }, kind).expected).toMatch(message);
  });

  test('a key policy statement may omit Resource (kms/key-policy-overview.md: accepted, but without effect)', () => {
    const [statement] = parse({ Statement: { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt' } }, 'resource').statements;
    expect(statement!.resource).toBeUndefined();
    expect(statement!.notResource).toBeUndefined();
  });

  test('trust policies may use NotPrincipal: AWS stores them (test/world/accepted-with-warnings.test.ts: with a warning)', () => {
    expect(parse({ Statement: { ...allow, Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } } }, 'trust').statements[0]!.notPrincipal).toEqual([{ type: 'AWS', value: '111122223333' }]);
  });

  test('a malformed action entry matches nothing: an Action list of them only is left empty', () => {
    const [statement] = parse({ Statement: { ...allow, Action: ['kms Decrypt', 'kms:De crypt'] } }).statements;
    expect(statement!.action).toEqual([]);
    expect(parse({ Statement: { ...allow, Action: ['kms Decrypt', 'kms:Encrypt'] } }).statements[0]!.action).toEqual(['kms:Encrypt']);
  });

  test('trust policies may omit Resource; key policies may use NotPrincipal', () => {
    expect(parse({ Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }, 'trust').statements[0]!.resource).toBeUndefined();
    expect(parse({ Statement: { ...allow, Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } } }, 'resource').statements[0]!.notPrincipal).toEqual([{ type: 'AWS', value: '111122223333' }]);
  });
});

describe('errors', () => {
  test.each<[string, unknown, string, RegExp, PolicyKind?]>([
    ['misspelled top-level element', { Statment: [allow] }, '/Statment', /unknown field "Statment" .*did you mean "Statement"\?/],
    ['unknown statement element', { Statement: [{ ...allow, Actions: 'x' }] }, '/Statement/0/Actions', /unknown field "Actions".*did you mean "Action"\?/],
    ['missing Statement', { Version: '2012-10-17' }, '', /missing the required "Statement"/],
    ['Effect of the wrong case', { Statement: [{ ...allow, Effect: 'deny' }] }, '/Statement/0/Effect', /expected Effect "Allow" or "Deny", found the string "deny"/],
    ['missing Effect', { Statement: [{ Action: '*', Resource: '*' }] }, '/Statement/0', /missing the required "Effect"/],
    ['Version as a date-like number', { Version: 2012, Statement: [] }, '/Version', /found the number 2012/],
    ['empty Action list', { Statement: [{ ...allow, Action: [] }] }, '/Statement/0/Action', /at least one value/],
    ['Resource that is not an ARN', { Statement: [{ ...allow, Resource: 'my-key' }] }, '/Statement/0/Resource', /expected "\*" or an ARN/],
    ['principal of an unknown type', { Statement: [{ ...allow, Principal: { Aws: '*' } }] }, '/Statement/0/Principal/Aws', /unknown field "Aws".*did you mean "AWS"\?/, 'resource'],
    ['IAM group as a principal', { Statement: [{ ...allow, Principal: { AWS: 'arn:aws:iam::111122223333:group/devs' } }] }, '/Statement/0/Principal/AWS', /account root, IAM user or role/, 'resource'],
    ['condition value null', { Statement: [{ ...allow, Condition: { Bool: { 'aws:SecureTransport': [true, null] } } }] }, '/Statement/0/Condition/Bool/aws:SecureTransport/1', /found null/],
    ['condition block not an object', { Statement: [{ ...allow, Condition: [] }] }, '/Statement/0/Condition', /found an array/],
    ['operator with a bad prefix', { Statement: [{ ...allow, Condition: { 'ForAllValue:StringEquals': { k: 'v' } } }] }, '/Statement/0/Condition/ForAllValue:StringEquals', /unknown condition operator/],
    ['a string that is not a document', 'kms:Decrypt', '', /an object, a JSON string or a URL-encoded JSON string/],
    ['a JSON string with a syntax error', '{"Statement": [}', '', /string is not valid JSON: .*inside the string, line 1, column 16/],
    ['a JSON string with duplicate keys', '{"Statement": [], "Statement": []}', '', /duplicate key/],
  ])('%s', (_name, document, pointer, message, kind = 'identity') => {
    const error = errorOf(document, kind);
    expect(error.location?.pointer).toBe(pointer);
    expect(error.location?.file).toBe('policy.json');
    expect(error.expected).toMatch(message);
  });
});
