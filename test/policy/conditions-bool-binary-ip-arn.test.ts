import { describe, expect, it } from 'vitest';
import { holds } from './clause-builder.js';

describe('Bool (reference_policies_elements_condition_operators.md#Conditions_Boolean)', () => {
  it('compares true/false ignoring case (doc example: aws:SecureTransport false)', () => {
    expect(holds('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'false' })).toBe(true);
    expect(holds('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'true' })).toBe(false);
    expect(holds('Bool', 'aws:SecureTransport', 'True', { 'aws:SecureTransport': 'TRUE' })).toBe(true);
  });

  it('never matches a non-boolean on either side', () => {
    expect(holds('Bool', 'k', 'yes', { k: 'yes' })).toBe(false);
    expect(holds('Bool', 'k', 'true', { k: '1' })).toBe(false);
  });

  it('substitutes policy variables ("You can use a policy variable with the Boolean condition operator")', () => {
    expect(holds('Bool', 'k', '${aws:MultiFactorAuthPresent}', { k: 'true', 'aws:MultiFactorAuthPresent': 'true' })).toBe(true);
  });
});

describe('BinaryEquals (#Conditions_BinaryEquals)', () => {
  it('compares base-64 values byte for byte', () => {
    expect(holds('BinaryEquals', 'k', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { k: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' })).toBe(true);
    expect(holds('BinaryEquals', 'k', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { k: 'QmluYXJ5VmFsdWVJbkJhc2U2NA' })).toBe(true);
    expect(holds('BinaryEquals', 'k', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { k: 'QmluYXJ5VmFsdWVJbkJhc2U2NQ==' })).toBe(false);
    expect(holds('BinaryEquals', 'k', 'AAEC', { k: 'aaec' })).toBe(false);
  });

  it('never matches text that is not base-64', () => {
    expect(holds('BinaryEquals', 'k', 'not base64!', { k: 'not base64!' })).toBe(false);
    expect(holds('BinaryEquals', 'k', 'A', { k: 'A' })).toBe(false);
    expect(holds('BinaryEquals', 'k', 'AA=', { k: 'AA=' })).toBe(false);
  });
});

describe('IpAddress / NotIpAddress (#Conditions_IPAddress)', () => {
  it('doc example: aws:SourceIp in 203.0.113.0/24', () => {
    expect(holds('IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.77' })).toBe(true);
    expect(holds('IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '198.51.100.1' })).toBe(false);
    expect(holds('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '198.51.100.1' })).toBe(true);
    expect(holds('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.1' })).toBe(false);
  });

  it('doc example mixing IPv4 and IPv6 ranges', () => {
    const ranges = ['203.0.113.0/24', '2001:DB8:1234:5678::/64'];
    expect(holds('IpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '2001:db8:1234:5678::99' })).toBe(true);
    expect(holds('IpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '203.0.113.9' })).toBe(true);
    expect(holds('IpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '2001:db8:1234:9999::1' })).toBe(false);
    expect(holds('NotIpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '2001:db8:1234:5678::99' })).toBe(false);
  });

  it('a key absent because of a VPC endpoint: IpAddress is false, NotIpAddress true', () => {
    expect(holds('IpAddress', 'aws:SourceIp', '0.0.0.0/0', {})).toBe(false);
    expect(holds('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', {})).toBe(true);
  });

  it('an unparsable address never matches', () => {
    expect(holds('IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': 'localhost' })).toBe(false);
  });
});

describe('ARN operators (#Conditions_ARN)', () => {
  const topic = 'arn:aws:sns:us-east-1:123456789012:TOPIC-ID';

  it('ArnEquals and ArnLike behave identically, with wildcards, case-sensitively', () => {
    for (const op of ['ArnEquals', 'ArnLike']) {
      expect(holds(op, 'aws:SourceArn', topic, { 'aws:SourceArn': topic })).toBe(true);
      expect(holds(op, 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': topic })).toBe(true);
      expect(holds(op, 'aws:SourceArn', topic.toLowerCase(), { 'aws:SourceArn': topic })).toBe(false);
    }
  });

  it('ArnNotEquals and ArnNotLike negate', () => {
    for (const op of ['ArnNotEquals', 'ArnNotLike']) {
      expect(holds(op, 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': topic })).toBe(false);
      expect(holds(op, 'aws:SourceArn', 'arn:aws:sns:*:999999999999:*', { 'aws:SourceArn': topic })).toBe(true);
    }
  });

  it('doc example: StringLike matches across colons where ArnLike does not', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    expect(holds('StringLike', 'k', pattern, { k: value })).toBe(true);
    expect(holds('ArnLike', 'k', pattern, { k: value })).toBe(false);
  });

  it('a value that is not an ARN does not match', () => {
    expect(holds('ArnLike', 'k', '*', { k: 'not-an-arn' })).toBe(false);
    expect(holds('ArnNotLike', 'k', 'arn:*:*:*:*:*', { k: 'not-an-arn' })).toBe(true);
  });

  it('substitutes policy variables', () => {
    const pattern = 'arn:aws:iam::*:role/${aws:PrincipalTag/role}';
    expect(holds('ArnLike', 'aws:PrincipalArn', pattern, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin', 'aws:PrincipalTag/role': 'Admin' })).toBe(true);
    expect(holds('ArnLike', 'aws:PrincipalArn', pattern, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin' })).toBe(false);
    expect(holds('ArnNotLike', 'aws:PrincipalArn', pattern, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin' })).toBe(true);
  });
});
