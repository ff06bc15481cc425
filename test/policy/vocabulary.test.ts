/**
 * Typos in policies (src/policy/vocabulary.ts): unknown actions, services and condition keys, and typed operators on
 * keys of another type are located warnings with a "did you mean"; the policy still loads, as IAM stores it.
 */
import { describe, expect, test } from 'vitest';
import { parsePolicyDocument } from '../../src/policy/parse.js';
import { SourceText } from '../../src/input/source-text.js';
import { Where } from '../../src/input/where.js';

/** The warnings (pointer and message) of an identity policy with one statement. */
function warningsOf(statement: Record<string, unknown>): Array<[string, string]> {
  const text = SourceText.parse('policy.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...statement }] }));
  const warnings: Array<{ location: { pointer: string }; message: string }> = [];
  const document = parsePolicyDocument(text.value, Where.ofFile(text, ['policy.json'], warnings as never), 'identity');
  expect(document.statements).toHaveLength(1);
  return warnings.map((w) => [w.location.pointer, w.message]);
}

describe('actions', () => {
  test('a misspelled action warns at its place, with the action meant', () => {
    expect(warningsOf({ Action: ['kms:Encrypt', 'kms:Decrpyt'] })).toEqual([
      ['/Statement/0/Action/1', 'unknown action "kms:Decrpyt": kms has no action "Decrpyt"; did you mean "kms:Decrypt"?'],
    ]);
  });

  test('known actions in any case, "*", and wildcards that match something are silent', () => {
    expect(warningsOf({ Action: ['KMS:decrypt', '*', 'kms:Get*', 'kms:*', 's3:GetObject', 'kms:Re?ncrypt*'] })).toEqual([]);
  });

  test('a wildcard that matches no action of the service warns', () => {
    expect(warningsOf({ NotAction: 'kms:Frobnicate*' })).toEqual([['/Statement/0/NotAction', 'action "kms:Frobnicate*" matches no action of kms']]);
  });

  test('an unknown service prefix warns, with the service meant', () => {
    expect(warningsOf({ Action: 'kmss:Decrypt' })).toEqual([
      ['/Statement/0/Action', 'unknown service prefix "kmss" in action "kmss:Decrypt": the Service Authorization Reference lists no such service; did you mean "kms:Decrypt"?'],
    ]);
  });
});

describe('condition keys', () => {
  test('a misspelled global key warns at the key, with the key meant', () => {
    expect(warningsOf({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'aws:RequestRegion': 'us-east-1' } } })).toEqual([
      ['/Statement/0/Condition/StringEquals/aws:RequestRegion', 'unknown condition key "aws:RequestRegion": no request carries it; did you mean "aws:RequestedRegion"?'],
    ]);
  });

  test('keys with a variable part match by prefix; provider keys (accounts.google.com:aud) and any case are known', () => {
    expect(warningsOf({
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: {
          'kms:EncryptionContext:Department': 'Finance', 'aws:PrincipalTag/team': 'blue', 'aws:ResourceTag/env': 'prod',
          'aws:RequestTag/env': 'prod', 'KMS:ViaService': 's3.us-east-1.amazonaws.com', 'sts:ExternalId': 'x',
          'accounts.google.com:aud': 'y', 's3:ExistingObjectTag/owner': 'z', 'secretsmanager:ResourceTag/team': 'w',
        },
        Bool: { 'aws:SecureTransport': 'true', 'kms:GrantIsForAWSResource': 'true' },
        IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z', 'aws:EpochTime': '1577836800' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600', 'aws:EpochTime': '1577836800' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b', 'kms:GranteePrincipal': 'arn:aws:iam::111122223333:role/r' },
        'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'Department' },
      },
    })).toEqual([]);
  });

  test('an unknown key of a known service, and a key of an unknown service, warn', () => {
    expect(warningsOf({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaServices': 'x', 'foo:bar': 'y' } } })).toEqual([
      ['/Statement/0/Condition/StringEquals/kms:ViaServices', 'unknown condition key "kms:ViaServices": no request carries it; did you mean "kms:ViaService"?'],
      ['/Statement/0/Condition/StringEquals/foo:bar', 'unknown service prefix "foo" in condition key "foo:bar": no request carries it'],
    ]);
  });

  test('a typed operator on a key of another type warns, naming the documented type', () => {
    expect(warningsOf({
      Action: 'kms:Decrypt',
      Condition: { NumericLessThan: { 'kms:EncryptionContext:Size': '3' }, Bool: { 'kms:CallerAccount': 'true' }, IpAddress: { 'kms:ViaService': '10.0.0.1' } },
    }).map(([, m]) => m)).toEqual([
      'NumericLessThan compares numbers, but the Service Authorization Reference gives the condition key "kms:EncryptionContext:Size" the type String',
      'Bool compares Booleans, but the Service Authorization Reference gives the condition key "kms:CallerAccount" the type String',
      'IpAddress compares IP addresses, but the Service Authorization Reference gives the condition key "kms:ViaService" the type String',
    ]);
  });
});
