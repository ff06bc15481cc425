import { describe, expect, it } from 'vitest';
import { describeClause } from '../../src/reference/conditions.js';
import { clause } from './clause-builder.js';

describe('describeClause', () => {
  it.each([
    ['StringEquals', 'kms:ViaService', 's3.us-west-2.amazonaws.com', 'kms:ViaService = s3.us-west-2.amazonaws.com'],
    ['StringEquals', 'kms:ViaService', ['a', 'b'], 'kms:ViaService in [a, b]'],
    ['StringNotEquals', 'aws:PrincipalAccount', ['1', '2'], 'aws:PrincipalAccount not in [1, 2]'],
    ['StringNotEquals', 'aws:PrincipalAccount', '1', 'aws:PrincipalAccount != 1'],
    ['IpAddress', 'aws:SourceIp', '192.0.2.0/24', 'aws:SourceIp in 192.0.2.0/24'],
    ['NotIpAddress', 'aws:SourceIp', '192.0.2.0/24', 'aws:SourceIp not in 192.0.2.0/24'],
    ['StringLike', 'aws:PrincipalArn', ['a*', 'b*'], 'aws:PrincipalArn like one of [a*, b*]'],
    ['ArnNotLike', 'aws:PrincipalArn', ['a*', 'b*'], 'aws:PrincipalArn not like all of [a*, b*]'],
    ['StringEqualsIgnoreCase', 'aws:username', 'bob', 'aws:username = (ignoring case) bob'],
    ['NumericLessThanEquals', 's3:max-keys', '10', 's3:max-keys <= 10'],
    ['DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', 'aws:TokenIssueTime > 2020-01-01T00:00:01Z'],
    ['Bool', 'aws:SecureTransport', 'false', 'aws:SecureTransport is false'],
    ['StringLike', 's3:prefix', '', 's3:prefix like ""'],
    ['StringEqualsIfExists', 'kms:CallerAccount', '1', 'kms:CallerAccount = 1 (if present)'],
    ['ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['a', 'b'], 'every kms:EncryptionContextKeys in [a, b]'],
    ['ForAnyValue:StringLike', 'kms:ResourceAliases', 'alias/x*', 'some kms:ResourceAliases like alias/x*'],
    ['Null', 'aws:TokenIssueTime', 'true', 'aws:TokenIssueTime is absent'],
    ['Null', 'aws:TokenIssueTime', 'false', 'aws:TokenIssueTime is present'],
  ] as const)('%s %s %j => %s', (op, key, values, expected) => {
    expect(describeClause(clause(op, key, typeof values === 'string' ? values : [...values]))).toBe(expected);
  });
});
