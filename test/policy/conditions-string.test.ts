import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../src/reference/conditions.js';
import { clause, ctx, holds, V2012 } from './clause-builder.js';

describe('String operators (reference_policies_elements_condition_operators.md#Conditions_String)', () => {
  it('StringEquals is case-sensitive (reference_policies_elements_condition.md: JohnDoe is denied)', () => {
    expect(holds('StringEquals', 'aws:username', 'johndoe', { 'aws:username': 'johndoe' })).toBe(true);
    expect(holds('StringEquals', 'aws:username', 'johndoe', { 'aws:username': 'JohnDoe' })).toBe(false);
  });

  it('StringEqualsIgnoreCase matches johndoe and JohnDoe', () => {
    expect(holds('StringEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'JohnDoe' })).toBe(true);
    expect(holds('StringEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'janedoe' })).toBe(false);
    expect(holds('StringNotEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'JOHNDOE' })).toBe(false);
    expect(holds('StringNotEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'janedoe' })).toBe(true);
  });

  it('condition key names are compared case-insensitively (aws:SourceIP is AWS:SourceIp)', () => {
    expect(holds('StringEquals', 'AWS:USERNAME', 'bob', { 'aws:username': 'bob' })).toBe(true);
  });

  it('StringEquals treats * as an ordinary character', () => {
    expect(holds('StringEquals', 'k', 'a*', { k: 'abc' })).toBe(false);
    expect(holds('StringEquals', 'k', 'a*', { k: 'a*' })).toBe(true);
  });

  it('ORs several policy values (reference_policies_multi-value-conditions.md#reference_policies_multiple-conditions-eval)', () => {
    expect(holds('StringEquals', 'k', ['x', 'y', 'z'], { k: 'y' })).toBe(true);
    expect(holds('StringEquals', 'k', ['x', 'y', 'z'], { k: 'w' })).toBe(false);
  });

  it('negated operators with several values work like AND (same page, Note)', () => {
    expect(holds('StringNotEquals', 'aws:PrincipalAccount', ['111122223333', '444455556666'], { 'aws:PrincipalAccount': '444455556666' })).toBe(false);
    expect(holds('StringNotEquals', 'aws:PrincipalAccount', ['111122223333', '444455556666'], { 'aws:PrincipalAccount': '777788889999' })).toBe(true);
  });

  it('StringLike matches * and ? wildcards, case-sensitively', () => {
    expect(holds('StringLike', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 't2.micro' })).toBe(true);
    expect(holds('StringLike', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 'T2.micro' })).toBe(false);
    expect(holds('StringLike', 'k', 'a?c', { k: 'abc' })).toBe(true);
    expect(holds('StringLike', 'k', 'a?c', { k: 'ac' })).toBe(false);
    expect(holds('StringNotLike', 'k', ['a*', 'b*'], { k: 'cat' })).toBe(true);
    expect(holds('StringNotLike', 'k', ['a*', 'b*'], { k: 'bat' })).toBe(false);
  });

  it('StringLike with "" matches an empty value (doc s3:prefix example)', () => {
    const values = ['', 'home/', 'home/${aws:username}/'];
    expect(holds('StringLike', 's3:prefix', values, { 's3:prefix': '', 'aws:username': 'ann' })).toBe(true);
    expect(holds('StringLike', 's3:prefix', values, { 's3:prefix': 'home/ann/', 'aws:username': 'ann' })).toBe(true);
    expect(holds('StringLike', 's3:prefix', values, { 's3:prefix': 'home/bob/', 'aws:username': 'ann' })).toBe(false);
  });

  it('is StringLike with a policy variable in the condition value (reference_policies_variables.md#policy-vars-conditionelement)', () => {
    const endpoint = 'https://example.com/${aws:username}/';
    expect(holds('StringLike', 'sns:endpoint', endpoint, { 'sns:endpoint': 'https://example.com/ann/', 'aws:username': 'ann' })).toBe(true);
    expect(holds('StringLike', 'sns:endpoint', endpoint, { 'sns:endpoint': 'https://example.com/bob/', 'aws:username': 'ann' })).toBe(false);
  });

  it('substitutes variables in every string operator, including IgnoreCase', () => {
    expect(holds('StringEqualsIgnoreCase', 'k', '${aws:username}', { k: 'ANN', 'aws:username': 'ann' })).toBe(true);
    expect(holds('StringNotEquals', 'k', '${aws:username}', { k: 'ann', 'aws:username': 'ann' })).toBe(false);
  });

  it('keeps variables literal under Version 2008-10-17', () => {
    const c = clause('StringEquals', 'k', '${aws:username}');
    expect(evaluateCondition(c, ctx({ k: 'ann', 'aws:username': 'ann' }), '2008-10-17')).toBe(false);
    expect(evaluateCondition(c, ctx({ k: '${aws:username}', 'aws:username': 'ann' }), '2008-10-17')).toBe(true);
    expect(evaluateCondition(c, ctx({ k: '${aws:username}', 'aws:username': 'ann' }), undefined)).toBe(true);
  });

  it('StringLike with ${*} needs a literal asterisk (reference_policies_variables.md#policy-vars-specialchars)', () => {
    expect(holds('StringLike', 'k', 'file${*}', { k: 'file*' })).toBe(true);
    expect(holds('StringLike', 'k', 'file${*}', { k: 'file1' })).toBe(false);
  });

  describe('a variable with no value (reference_policies_variables.md#policy-vars-no-value)', () => {
    it('StringEquals and StringLike do not match', () => {
      expect(holds('StringEquals', 'k', '${aws:PrincipalTag/Team}', { k: '' })).toBe(false);
      expect(holds('StringLike', 'k', '${aws:PrincipalTag/Team}*', { k: 'x' })).toBe(false);
    });

    it('StringNotEquals matches: the doc example denies access when aws:PrincipalTag/Team is not set', () => {
      const c = clause('StringNotEquals', 's3:ExistingObjectTag/Team', '${aws:PrincipalTag/Team}');
      expect(evaluateCondition(c, ctx({ 's3:ExistingObjectTag/Team': 'red' }), V2012)).toBe(true);
      expect(evaluateCondition(c, ctx({ 's3:ExistingObjectTag/Team': 'red', 'aws:PrincipalTag/Team': 'red' }), V2012)).toBe(false);
      expect(evaluateCondition(c, ctx({ 's3:ExistingObjectTag/Team': 'red', 'aws:PrincipalTag/Team': 'blue' }), V2012)).toBe(true);
    });

    it('the other policy values of the clause still count', () => {
      expect(holds('StringEquals', 'k', ['${aws:userid}', 'fixed'], { k: 'fixed' })).toBe(true);
      expect(holds('StringNotEquals', 'k', ['${aws:userid}', 'fixed'], { k: 'fixed' })).toBe(false);
    });

    it('a default value is used instead', () => {
      expect(holds('StringEquals', 'k', "${aws:PrincipalTag/Team, 'none'}", { k: 'none' })).toBe(true);
    });
  });
});
