import { describe, expect, it } from 'vitest';
import { parsePolicyText, supportsPolicyVariables } from '../../src/policy/variables.js';
import { matchesPatternWithVariables, matchesResolvedText, substituteVariables } from '../../src/reference/variables.js';
import { ctx, V2012 } from './clause-builder.js';

const V2008 = '2008-10-17';
const alice = ctx({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'yellow', 'aws:TagKeys': ['a', 'b'], 'aws:blank': '' });

describe('parsePolicyText (reference_policies_variables.md)', () => {
  it('finds variables, defaults and special characters', () => {
    expect(parsePolicyText("a/${aws:username}/${aws:PrincipalTag/team, 'company-wide'}${*}${?}${$}", V2012)).toEqual([
      { kind: 'text', text: 'a/' },
      { kind: 'variable', key: 'aws:username' },
      { kind: 'text', text: '/' },
      { kind: 'variable', key: 'aws:PrincipalTag/team', defaultValue: 'company-wide' },
      { kind: 'special', char: '*' },
      { kind: 'special', char: '?' },
      { kind: 'special', char: '$' },
    ]);
  });

  it('keeps malformed variables as written text', () => {
    for (const text of ['${aws:username', '${}', "${a, 'x}", '$ {a}', '${a{b}']) {
      expect(parsePolicyText(text, V2012)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('is literal text under Version 2008-10-17 or no Version (reference_policies_elements_version.md)', () => {
    expect(supportsPolicyVariables(V2012)).toBe(true);
    expect(supportsPolicyVariables(V2008)).toBe(false);
    expect(supportsPolicyVariables(undefined)).toBe(false);
    expect(parsePolicyText('${aws:username}', V2008)).toEqual([{ kind: 'text', text: '${aws:username}' }]);
    expect(parsePolicyText('${aws:username}', undefined)).toEqual([{ kind: 'text', text: '${aws:username}' }]);
  });
});

describe('substituteVariables', () => {
  it('substitutes single-valued keys, ignoring the case of the key name', () => {
    expect(substituteVariables('home/${AWS:UserName}/', alice, V2012)?.text).toBe('home/alice/');
  });

  it("uses the default when the key is absent (doc example: ${aws:PrincipalTag/team, 'company-wide'})", () => {
    const resource = "arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}";
    expect(substituteVariables(resource, alice, V2012)?.text).toBe('arn:aws:s3:::DOC-EXAMPLE-BUCKET-yellow');
    expect(substituteVariables(resource, ctx({}), V2012)?.text).toBe('arn:aws:s3:::DOC-EXAMPLE-BUCKET-company-wide');
  });

  it('has no value when the key is absent, null or multi-valued and there is no default (#policy-vars-no-value)', () => {
    expect(substituteVariables('${aws:userid}', alice, V2012)).toBeUndefined();
    expect(substituteVariables('${aws:blank}', alice, V2012)).toBeUndefined();
    // "You can't use a multivalued condition key as a variable."
    expect(substituteVariables('${aws:TagKeys}', alice, V2012)).toBeUndefined();
  });

  it('leaves the text alone under Version 2008-10-17', () => {
    expect(substituteVariables('home/${aws:username}', alice, V2008)?.text).toBe('home/${aws:username}');
  });

  it('turns ${*}, ${?}, ${$} into verbatim characters (#policy-vars-specialchars)', () => {
    const resolved = substituteVariables('a${*}b${?}c${$}d*', alice, V2012)!;
    expect(resolved.text).toBe('a*b?c$d*');
    expect(resolved.segments).toEqual([
      { text: 'a', verbatim: false },
      { text: '*', verbatim: true },
      { text: 'b', verbatim: false },
      { text: '?', verbatim: true },
      { text: 'c', verbatim: false },
      { text: '$', verbatim: true },
      { text: 'd*', verbatim: false },
    ]);
  });
});

describe('matchesPatternWithVariables', () => {
  it('matches the doc home-directory resource for the current user only', () => {
    const pattern = 'arn:aws:s3:::mybucket/${aws:username}/*';
    expect(matchesPatternWithVariables(pattern, 'arn:aws:s3:::mybucket/alice/notes.txt', alice, V2012)).toBe(true);
    expect(matchesPatternWithVariables(pattern, 'arn:aws:s3:::mybucket/bob/notes.txt', alice, V2012)).toBe(false);
  });

  it('matches nothing when a variable has no value (#policy-vars-no-value)', () => {
    const pattern = 'arn:aws:s3:::mybucket/${aws:userid}*';
    expect(matchesPatternWithVariables(pattern, 'arn:aws:s3:::mybucket/', alice, V2012)).toBe(false);
    expect(matchesPatternWithVariables('${aws:userid}*', '${aws:userid}', alice, V2012)).toBe(false);
  });

  it('matches the variable text literally under 2008-10-17 (and its * stays a wildcard)', () => {
    expect(matchesPatternWithVariables('home/${aws:username}/*', 'home/${aws:username}/x', alice, V2008)).toBe(true);
    expect(matchesPatternWithVariables('home/${aws:username}/*', 'home/alice/x', alice, V2008)).toBe(false);
    expect(matchesPatternWithVariables('${*}', 'anything', alice, V2008)).toBe(false);
    expect(matchesPatternWithVariables('${*}', '${x}', alice, V2008)).toBe(true);
  });

  it('treats ${*} and ${?} as literal characters, not wildcards', () => {
    expect(matchesPatternWithVariables('a${*}b', 'a*b', alice, V2012)).toBe(true);
    expect(matchesPatternWithVariables('a${*}b', 'axyzb', alice, V2012)).toBe(false);
    expect(matchesPatternWithVariables('a${?}b', 'a?b', alice, V2012)).toBe(true);
    expect(matchesPatternWithVariables('a${?}b', 'axb', alice, V2012)).toBe(false);
    // A written wildcard next to a verbatim one still matches anything, including * and ?.
    expect(matchesPatternWithVariables('*${*}?', '**?', alice, V2012)).toBe(true);
    expect(matchesPatternWithVariables('*${*}?', 'x*y', alice, V2012)).toBe(true);
    expect(matchesPatternWithVariables('*${*}?', 'xy', alice, V2012)).toBe(false);
    expect(matchesPatternWithVariables('${$}{aws:username}', '${aws:username}', alice, V2012)).toBe(true);
  });

  it('treats wildcard characters inside substituted values literally', () => {
    const starry = ctx({ 'aws:PrincipalTag/p': 'a*' });
    expect(matchesPatternWithVariables('${aws:PrincipalTag/p}', 'a*', starry, V2012)).toBe(true);
    expect(matchesPatternWithVariables('${aws:PrincipalTag/p}', 'abc', starry, V2012)).toBe(false);
  });

  it('honours ignoreCase (for Action-like matching) and arn (component-wise)', () => {
    expect(matchesPatternWithVariables('KMS:${*}', 'kms:*', alice, V2012, { ignoreCase: true })).toBe(true);
    expect(matchesPatternWithVariables('KMS:${*}', 'kms:Decrypt', alice, V2012, { ignoreCase: true })).toBe(false);
    // ARN matching stops a * at colons; plain wildcard matching does not.
    const pattern = 'arn:aws:iam::*:user/${aws:username}';
    expect(matchesPatternWithVariables(pattern, 'arn:aws:iam::111122223333:user/alice', alice, V2012, { arn: true })).toBe(true);
    expect(matchesPatternWithVariables(pattern, 'arn:aws:iam::1:2:user/alice', alice, V2012, { arn: true })).toBe(false);
    expect(matchesPatternWithVariables(pattern, 'arn:aws:iam::1:2:user/alice', alice, V2012)).toBe(true);
  });

  it('does not mistake private-use characters in the value for protected wildcards', () => {
    const value = 'a\uE000b';
    expect(matchesPatternWithVariables('a${*}b', value, alice, V2012)).toBe(false);
    expect(matchesPatternWithVariables('a?b', value, alice, V2012)).toBe(true);
  });
});

describe('matchesResolvedText without wildcards', () => {
  it('compares whole texts, optionally ignoring case, with * as a plain character', () => {
    const resolved = substituteVariables('User-*', alice, V2012)!;
    expect(matchesResolvedText(resolved, 'User-*', { wildcards: false })).toBe(true);
    expect(matchesResolvedText(resolved, 'User-x', { wildcards: false })).toBe(false);
    expect(matchesResolvedText(resolved, 'user-*', { wildcards: false })).toBe(false);
    expect(matchesResolvedText(resolved, 'user-*', { wildcards: false, ignoreCase: true })).toBe(true);
  });
});
