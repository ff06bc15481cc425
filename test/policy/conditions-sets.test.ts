import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateConditions } from '../../src/reference/conditions.js';
import { clause, ctx, holds, V2012 } from './clause-builder.js';

const DOC = 'reference_policies_multi-value-conditions.md';

describe(`ForAllValues / ForAnyValue, examples of ${DOC}`, () => {
  const allowed = ['ID', 'Message', 'Tags'];

  it(`${DOC}#reference_policies_multi-value-conditions-examples: ForAllValues:StringEquals allows Message+Tags+ID`, () => {
    expect(holds('ForAllValues:StringEquals', 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': ['Message', 'Tags', 'ID'] })).toBe(true);
  });

  it(`${DOC}#reference_policies_multi-value-conditions-examples: ForAllValues:StringEquals fails with UserName`, () => {
    expect(holds('ForAllValues:StringEquals', 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': ['Message', 'UserName'] })).toBe(false);
  });

  it(`${DOC}#reference_policies_multi-value-conditions-examples: ForAnyValue:StringEquals Deny hits PostDateTime+Message`, () => {
    const forbidden = ['ID', 'PostDateTime'];
    expect(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', forbidden, { 'dynamodb:Attributes': ['PostDateTime', 'Message'] })).toBe(true);
    expect(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', forbidden, { 'dynamodb:Attributes': ['UserName'] })).toBe(false);
  });

  it(`${DOC}#reference_policies_multi-value-conditions-eval: ForAllValues with PostDateTime+UserName is false`, () => {
    const policy = ['PostDateTime', 'Message', 'Tags'];
    expect(holds('ForAllValues:StringEquals', 'dynamodb:Attributes', policy, { 'dynamodb:Attributes': ['PostDateTime', 'UserName'] })).toBe(false);
    expect(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', policy, { 'dynamodb:Attributes': ['PostDateTime', 'UserName'] })).toBe(true);
  });

  it(`${DOC}#reference_policies_multi-value-conditions-eval: ForAnyValue with UserName+Message+PostDateTime is true`, () => {
    expect(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', ['ID', 'PostDateTime'], { 'dynamodb:Attributes': ['UserName', 'Message', 'PostDateTime'] })).toBe(true);
  });

  it(`${DOC}: ForAllValues is true with no key, an empty list or an empty string; ForAnyValue is false`, () => {
    const contexts: Record<string, string | string[]>[] = [{}, { 'dynamodb:Attributes': [] }, { 'dynamodb:Attributes': '' }, { 'dynamodb:Attributes': ['', ''] }];
    for (const context of contexts) {
      expect(holds('ForAllValues:StringEquals', 'dynamodb:Attributes', allowed, context)).toBe(true);
      expect(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', allowed, context)).toBe(false);
      expect(holds('ForAnyValue:StringLike', 'dynamodb:Attributes', '*', context)).toBe(false);
    }
  });

  it(`${DOC}#reference_policies_multiple-conditions-eval: keys and operators are ANDed, values ORed`, () => {
    const clauses = [
      clause('StringEqualsIgnoreCase', 'aws:PrincipalTag/department', ['finance', 'hr', 'legal']),
      clause('StringEqualsIgnoreCase', 'aws:PrincipalTag/role', ['audit', 'security']),
      clause('StringEquals', 'aws:PrincipalAccount', '123456789012'),
    ];
    const base = { 'aws:PrincipalTag/department': 'HR', 'aws:PrincipalTag/role': 'Audit', 'aws:PrincipalAccount': '123456789012' };
    expect(evaluateConditions(clauses, ctx(base), V2012)).toBe(true);
    expect(evaluateConditions(clauses, ctx({ ...base, 'aws:PrincipalAccount': '111122223333' }), V2012)).toBe(false);
    expect(evaluateConditions(clauses, ctx({ ...base, 'aws:PrincipalTag/role': 'dev' }), V2012)).toBe(false);
    const { ['aws:PrincipalTag/role']: _dropped, ...withoutRole } = base;
    expect(evaluateConditions(clauses, ctx(withoutRole), V2012)).toBe(false);
    expect(evaluateConditions([], ctx({}), V2012)).toBe(true);
  });
});

describe('set operators combined with other operators', () => {
  it('ForAllValues:StringLike checks every value against the patterns (kms:ResourceAliases, conditions-kms.md)', () => {
    const c = { 'kms:ResourceAliases': ['alias/Test-1', 'alias/Test-2'] };
    expect(holds('ForAllValues:StringLike', 'kms:ResourceAliases', 'alias/*Test*', c)).toBe(true);
    expect(holds('ForAllValues:StringLike', 'kms:ResourceAliases', 'alias/*Test*', { 'kms:ResourceAliases': ['alias/Test-1', 'alias/prod'] })).toBe(false);
  });

  it('ForAnyValue:StringLike holds when one value matches one pattern', () => {
    expect(holds('ForAnyValue:StringLike', 'kms:EncryptionContextKeys', ['AppName', 'Proj*'], { 'kms:EncryptionContextKeys': ['Stage', 'Project'] })).toBe(true);
    expect(holds('ForAnyValue:StringLike', 'kms:EncryptionContextKeys', ['AppName', 'Proj*'], { 'kms:EncryptionContextKeys': ['Stage'] })).toBe(false);
  });

  it('ForAllValues with a negated operator: no request value may match any policy value', () => {
    const keys = (v: string[]) => ({ 'aws:TagKeys': v });
    expect(holds('ForAllValues:StringNotEquals', 'aws:TagKeys', ['owner', 'cost'], keys(['env', 'team']))).toBe(true);
    expect(holds('ForAllValues:StringNotEquals', 'aws:TagKeys', ['owner', 'cost'], keys(['env', 'owner']))).toBe(false);
    expect(holds('ForAllValues:StringNotEquals', 'aws:TagKeys', ['owner', 'cost'], {})).toBe(true);
  });

  it('ForAnyValue with a negated operator: some request value matches no policy value', () => {
    const keys = (v: string[]) => ({ 'aws:TagKeys': v });
    expect(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['owner', 'cost'], keys(['owner', 'env']))).toBe(true);
    expect(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['owner', 'cost'], keys(['owner', 'cost']))).toBe(false);
    expect(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['owner', 'cost'], {})).toBe(false);
  });

  it('IfExists on a set operator: a missing key makes the clause true', () => {
    expect(holds('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'owner', {})).toBe(true);
    expect(holds('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'owner', { 'aws:TagKeys': ['env'] })).toBe(false);
    expect(holds('ForAllValues:StringEqualsIfExists', 'aws:TagKeys', 'owner', { 'aws:TagKeys': ['env'] })).toBe(false);
  });

  it('ForAllValues on a single-valued key allows requests without it (conditions-kms.md: OverlyPermissiveCondition)', () => {
    const c = clause('ForAllValues:StringEquals', 'kms:EncryptionContext:Department', 'IT');
    expect(evaluateCondition(c, ctx({}), V2012)).toBe(true);
    expect(evaluateCondition(c, ctx({ 'kms:EncryptionContext:Department': 'IT' }), V2012)).toBe(true);
    expect(evaluateCondition(c, ctx({ 'kms:EncryptionContext:Department': 'HR' }), V2012)).toBe(false);
  });

  it('set operators work with non-string operators too', () => {
    expect(holds('ForAllValues:NumericLessThan', 'k', '10', { k: ['1', '9'] })).toBe(true);
    expect(holds('ForAllValues:NumericLessThan', 'k', '10', { k: ['1', '10'] })).toBe(false);
    expect(holds('ForAnyValue:IpAddress', 'k', '10.0.0.0/8', { k: ['192.0.2.1', '10.1.2.3'] })).toBe(true);
    expect(holds('ForAnyValue:ArnLike', 'k', 'arn:aws:iam::*:role/*', { k: ['arn:aws:iam::1:user/x', 'arn:aws:iam::1:role/y'] })).toBe(true);
  });

  it('a set operator whose only policy value has an unresolved variable matches no request value', () => {
    expect(holds('ForAnyValue:StringEquals', 'k', '${aws:userid}', { k: ['a'] })).toBe(false);
    expect(holds('ForAllValues:StringEquals', 'k', '${aws:userid}', { k: ['a'] })).toBe(false);
    expect(holds('ForAllValues:StringNotEquals', 'k', '${aws:userid}', { k: ['a'] })).toBe(true);
  });
});
