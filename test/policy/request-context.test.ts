import { describe, expect, it } from 'vitest';
import { contextFromEntries, EMPTY_CONTEXT, nonNullValues } from '../../src/request/context.js';

describe('RequestContext', () => {
  it('looks keys up case-insensitively (reference_policies_elements_condition.md: key names are not case-sensitive)', () => {
    const c = contextFromEntries([['aws:SourceIP', ['192.0.2.1']]]);
    expect(c.get('AWS:sourceip')).toEqual(['192.0.2.1']);
    expect(c.has('aws:sourceIp')).toBe(true);
    expect(c.get('aws:SourceVpc')).toBeUndefined();
    expect(c.has('aws:SourceVpc')).toBe(false);
  });

  it('keeps values exactly as given, including case', () => {
    const c = contextFromEntries([['aws:username', ['JohnDoe']]]);
    expect(c.get('aws:username')).toEqual(['JohnDoe']);
  });

  it('lets a later entry replace an earlier one with the same key in another case', () => {
    const c = contextFromEntries([['aws:PrincipalTag/Team', ['a']], ['aws:principaltag/team', ['b']]]);
    expect(c.get('aws:PrincipalTag/TEAM')).toEqual(['b']);
    expect([...c.entries()]).toHaveLength(1);
  });

  it('distinguishes a present key with no values from an absent key', () => {
    const c = contextFromEntries([['kms:ResourceAliases', []]]);
    expect(c.get('kms:ResourceAliases')).toEqual([]);
    expect(c.has('kms:ResourceAliases')).toBe(true);
    expect(EMPTY_CONTEXT.has('kms:ResourceAliases')).toBe(false);
  });

  it('is not changed by mutating the input arrays', () => {
    const values = ['a'];
    const c = contextFromEntries([['k', values]]);
    values.push('b');
    expect(c.get('k')).toEqual(['a']);
  });

  it('treats absent keys, empty lists and empty strings as null (reference_policies_elements_condition.md, request context)', () => {
    const c = contextFromEntries([['empty', []], ['blank', ['']], ['set', ['x', '']]]);
    expect(nonNullValues(c, 'missing')).toBeUndefined();
    expect(nonNullValues(c, 'empty')).toBeUndefined();
    expect(nonNullValues(c, 'blank')).toBeUndefined();
    expect(nonNullValues(c, 'SET')).toEqual(['x', '']);
  });
});
