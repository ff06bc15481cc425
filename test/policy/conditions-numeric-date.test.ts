import { describe, expect, it } from 'vitest';
import { parseDateValue } from '../../src/policy/values/date.js';
import { parseNumericValue } from '../../src/policy/values/numeric.js';
import { holds } from './clause-builder.js';

describe('Numeric operators (reference_policies_elements_condition_operators.md#Conditions_Numeric)', () => {
  it('compare the request value with the policy value (doc example: s3:max-keys <= 10)', () => {
    expect(holds('NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '10' })).toBe(true);
    expect(holds('NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '9' })).toBe(true);
    expect(holds('NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '11' })).toBe(false);
  });

  it.each([
    ['NumericEquals', '5', '5.0', true], ['NumericEquals', '5', '6', false],
    ['NumericNotEquals', '5', '6', true], ['NumericNotEquals', '5', '5', false],
    ['NumericLessThan', '5', '4.5', true], ['NumericLessThan', '5', '5', false],
    ['NumericLessThanEquals', '5', '5', true], ['NumericLessThanEquals', '5', '5.01', false],
    ['NumericGreaterThan', '5', '6', true], ['NumericGreaterThan', '5', '5', false],
    ['NumericGreaterThanEquals', '-1', '-1', true], ['NumericGreaterThanEquals', '-1', '-2', false],
    ['NumericLessThan', '10', '9', true], // numeric, not lexicographic
  ] as const)('%s policy %s request %s => %s', (op, policy, request, expected) => {
    expect(holds(op, 'k', policy, { k: request })).toBe(expected);
  });

  it('a non-number in the context does not match, and a negated operator then holds', () => {
    expect(holds('NumericLessThan', 'k', '10', { k: 'abc' })).toBe(false);
    expect(holds('NumericEquals', 'k', '0', { k: '' })).toBe(false);
    expect(holds('NumericNotEquals', 'k', '10', { k: 'abc' })).toBe(true);
  });

  it('does not substitute policy variables ("You can not use a policy variable with the Numeric condition operator")', () => {
    expect(holds('NumericEquals', 'k', '${aws:n}', { k: '3', 'aws:n': '3' })).toBe(false);
  });

  it('parses integers and decimals only', () => {
    expect(parseNumericValue('42')).toBe(42);
    expect(parseNumericValue('-0.5')).toBe(-0.5);
    expect(parseNumericValue('.5')).toBe(0.5);
    for (const text of ['', ' 1', '1e3', '0x10', 'NaN', 'Infinity', '1.2.3']) expect(parseNumericValue(text)).toBeUndefined();
  });
});

describe('Date operators (reference_policies_elements_condition_operators.md#Conditions_Date)', () => {
  it('doc example: aws:TokenIssueTime after 2020-01-01T00:00:01Z', () => {
    expect(holds('DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2020-06-01T00:00:00Z' })).toBe(true);
    expect(holds('DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' })).toBe(false);
    expect(holds('DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', {})).toBe(false);
  });

  it('compares ISO 8601 with epoch seconds on either side', () => {
    // 1577836800 = 2020-01-01T00:00:00Z
    expect(holds('DateEquals', 'aws:EpochTime', '2020-01-01T00:00:00Z', { 'aws:EpochTime': '1577836800' })).toBe(true);
    expect(holds('DateEquals', 'aws:CurrentTime', '1577836800', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' })).toBe(true);
    expect(holds('DateLessThan', 'aws:CurrentTime', '1577836800', { 'aws:CurrentTime': '2019-12-31T23:59:59Z' })).toBe(true);
    expect(holds('DateLessThanEquals', 'aws:EpochTime', '2020-01-01', { 'aws:EpochTime': '1577836801' })).toBe(false);
    expect(holds('DateGreaterThanEquals', 'aws:EpochTime', '2020-01-01', { 'aws:EpochTime': '1577836800' })).toBe(true);
    expect(holds('DateNotEquals', 'aws:EpochTime', '2020-01-01', { 'aws:EpochTime': '1577836800' })).toBe(false);
  });

  it('honours time zone offsets and fractions of a second', () => {
    expect(holds('DateEquals', 'k', '2020-01-01T01:00:00+01:00', { k: '2020-01-01T00:00:00Z' })).toBe(true);
    expect(holds('DateLessThan', 'k', '2020-01-01T00:00:00.500Z', { k: '2020-01-01T00:00:00.250Z' })).toBe(true);
  });

  it('a non-date in the context does not match; wildcards are not permitted', () => {
    expect(holds('DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', { 'aws:CurrentTime': 'yesterday' })).toBe(false);
    expect(holds('DateEquals', 'aws:CurrentTime', '2020-*', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' })).toBe(false);
  });

  it('parses the W3C forms and epoch seconds', () => {
    const jan1 = Date.UTC(2020, 0, 1);
    expect(parseDateValue('2020')).toBe(jan1);
    expect(parseDateValue('2020-01')).toBe(jan1);
    expect(parseDateValue('2020-01-01')).toBe(jan1);
    expect(parseDateValue('2020-01-01T00:00Z')).toBe(jan1);
    expect(parseDateValue('2020-01-01T00:00:00Z')).toBe(jan1);
    expect(parseDateValue('2020-01-01T00:00:00.000Z')).toBe(jan1);
    expect(parseDateValue('2019-12-31T19:00:00-05:00')).toBe(jan1);
    expect(parseDateValue('2020-01-01T00:00:00')).toBe(jan1);
    expect(parseDateValue('1577836800')).toBe(jan1);
    expect(parseDateValue('0')).toBe(0);
    for (const text of ['', '2020-13-01', '2023-02-29', '2020-01-01T24:00:00Z', '2020-1-1', 'now', '1577836800.5x']) {
      expect(parseDateValue(text)).toBeUndefined();
    }
    expect(parseDateValue('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});
