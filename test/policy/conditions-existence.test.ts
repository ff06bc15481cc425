import { describe, expect, it } from 'vitest';
import type { BaseOperator } from '../../src/policy/model.js';
import { holds } from './clause-builder.js';

const POSITIVE: BaseOperator[] = [
  'StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'NumericEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals', 'DateEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan',
  'DateGreaterThanEquals', 'Bool', 'BinaryEquals', 'IpAddress', 'ArnEquals', 'ArnLike',
];
const NEGATED: BaseOperator[] = [
  'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress',
  'ArnNotEquals', 'ArnNotLike',
];
/** A policy value that each operator can parse and that would match most present values. */
function sampleFor(op: BaseOperator): string {
  if (op.startsWith('Numeric')) return '1';
  if (op.startsWith('Date')) return '2020-01-01';
  if (op === 'Bool') return 'true';
  if (op === 'BinaryEquals') return 'AA==';
  if (op.includes('IpAddress')) return '0.0.0.0/0';
  if (op.startsWith('Arn')) return 'arn:*:*:*:*:*';
  return '*';
}

describe('a key missing from the request context (reference_policies_elements_condition_operators.md, "Important")', () => {
  it.each(POSITIVE)('%s is false', (op) => {
    expect(holds(op, 'missing:Key', sampleFor(op), {})).toBe(false);
  });

  it.each(NEGATED)('%s is true', (op) => {
    expect(holds(op, 'missing:Key', sampleFor(op), {})).toBe(true);
  });

  it.each([...POSITIVE, ...NEGATED])('%sIfExists is true (#Conditions_IfExists)', (op) => {
    expect(holds(`${op}IfExists`, 'missing:Key', sampleFor(op), {})).toBe(true);
  });
});

describe('...IfExists with the key present (#Conditions_IfExists)', () => {
  it('doc example: StringLikeIfExists ec2:InstanceType t1.*, t2.*, m3.*', () => {
    const types = ['t1.*', 't2.*', 'm3.*'];
    expect(holds('StringLikeIfExists', 'ec2:InstanceType', types, { 'ec2:InstanceType': 't2.micro' })).toBe(true);
    expect(holds('StringLikeIfExists', 'ec2:InstanceType', types, { 'ec2:InstanceType': 'c5.large' })).toBe(false);
    expect(holds('StringLikeIfExists', 'ec2:InstanceType', types, {})).toBe(true);
    expect(holds('StringLike', 'ec2:InstanceType', types, {})).toBe(false);
  });

  it('a negated IfExists operator still applies when the key is missing (Deny with StringNotEqualsIfExists)', () => {
    expect(holds('StringNotEqualsIfExists', 'aws:ResourceTag/team', 'blue', {})).toBe(true);
    expect(holds('StringNotEqualsIfExists', 'aws:ResourceTag/team', 'blue', { 'aws:ResourceTag/team': 'blue' })).toBe(false);
    expect(holds('StringNotEqualsIfExists', 'aws:ResourceTag/team', 'blue', { 'aws:ResourceTag/team': 'red' })).toBe(true);
  });

  it('a null value (empty string) counts as missing (reference_policies_elements_condition.md, "The request context")', () => {
    expect(holds('StringEqualsIfExists', 'aws:RequestTag/team', 'blue', { 'aws:RequestTag/team': '' })).toBe(true);
  });
});

describe('Null (#Conditions_Null)', () => {
  it('doc example: Null aws:TokenIssueTime true holds only without temporary credentials', () => {
    expect(holds('Null', 'aws:TokenIssueTime', 'true', {})).toBe(true);
    expect(holds('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' })).toBe(false);
  });

  it('false means the key exists and is not null', () => {
    expect(holds('Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' })).toBe(true);
    expect(holds('Null', 'aws:TokenIssueTime', 'false', {})).toBe(false);
  });

  it('an empty string or empty list is null', () => {
    expect(holds('Null', 'aws:RequestTag/team', 'true', { 'aws:RequestTag/team': '' })).toBe(true);
    expect(holds('Null', 'kms:ResourceAliases', 'true', { 'kms:ResourceAliases': [] })).toBe(true);
    expect(holds('Null', 'kms:ResourceAliases', 'false', { 'kms:ResourceAliases': [] })).toBe(false);
  });

  it('reads true/false ignoring case, ignores the key name case, and ORs values', () => {
    expect(holds('Null', 'AWS:TOKENISSUETIME', 'TRUE', {})).toBe(true);
    expect(holds('Null', 'k', ['true', 'false'], {})).toBe(true);
    expect(holds('Null', 'k', ['true', 'false'], { k: 'v' })).toBe(true);
    expect(holds('Null', 'k', 'maybe', {})).toBe(false);
    expect(holds('Null', 'k', 'maybe', { k: 'v' })).toBe(false);
  });
});

describe('a present key with several values and no set operator (docs silent; see conditions.ts)', () => {
  it('a positive operator holds when any value matches', () => {
    expect(holds('StringEquals', 'k', 'b', { k: ['a', 'b'] })).toBe(true);
    expect(holds('StringEquals', 'k', 'c', { k: ['a', 'b'] })).toBe(false);
  });

  it('a negated operator holds when no value matches', () => {
    expect(holds('StringNotEquals', 'k', 'b', { k: ['a', 'b'] })).toBe(false);
    expect(holds('StringNotEquals', 'k', 'c', { k: ['a', 'b'] })).toBe(true);
  });

  it('an empty list behaves like a missing key', () => {
    expect(holds('StringLike', 'k', '*', { k: [] })).toBe(false);
    expect(holds('StringNotLike', 'k', 'x', { k: [] })).toBe(true);
  });
});
