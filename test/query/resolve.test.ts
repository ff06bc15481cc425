import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { resolveKeyName, resolvePrincipalName } from '../../src/query/resolve.js';
import { loadWorld } from '../../src/world/load.js';

const world = loadWorld('examples/world.yaml');

describe('resolving short names against the world', () => {
  it('resolves users, roles and account ids', () => {
    expect(resolvePrincipalName(world, 'user/bob')).toBe('arn:aws:iam::111122223333:user/bob');
    expect(resolvePrincipalName(world, 'role/AppRole')).toBe('arn:aws:iam::777788889999:role/AppRole');
    expect(resolvePrincipalName(world, '210987654321')).toBe('arn:aws:iam::210987654321:root');
    expect(resolvePrincipalName(world, 's3.amazonaws.com')).toBe('s3.amazonaws.com');
  });

  it('resolves aliases to alias ARNs and key ids to key ARNs', () => {
    expect(resolveKeyName(world, 'alias/app-key')).toBe('arn:aws:kms:us-west-2:444455556666:alias/app-key');
    expect(resolveKeyName(world, 'key/3333cccc-33cc-33cc-33cc-333333333333'))
      .toBe('arn:aws:kms:us-west-2:444455556666:key/3333cccc-33cc-33cc-33cc-333333333333');
  });

  it('passes full ARNs through', () => {
    const arn = 'arn:aws:iam::111122223333:user/alice';
    expect(resolvePrincipalName(world, arn)).toBe(arn);
    const keyArn = 'arn:aws:kms:us-west-2:444455556666:alias/legacy';
    expect(resolveKeyName(world, keyArn)).toBe(keyArn);
  });

  it('names the candidates when a name is unknown', () => {
    expect(() => resolvePrincipalName(world, 'role/deploy')).toThrow(InputError);
    expect(() => resolvePrincipalName(world, 'role/deploy')).toThrow(/no 'role\/deploy'.*arn:aws:iam::111122223333:role\/Deployer/);
    expect(() => resolveKeyName(world, 'alias/app')).toThrow(/no 'alias\/app'.*alias\/app-key/);
    expect(() => resolveKeyName(world, 'key/1234')).toThrow(/no 'key\/1234'.*key\/1111aaaa/);
  });

  it('lists the matches when a name is ambiguous', () => {
    const twoBobs = loadWorld('examples/world.yaml');
    const account = twoBobs.accounts.get('444455556666')!;
    const bob = { ...twoBobs.accounts.get('111122223333')!.users.get('arn:aws:iam::111122223333:user/bob')! };
    const otherBob = { ...bob, arn: 'arn:aws:iam::444455556666:user/bob', accountId: '444455556666' };
    account.users.set(otherBob.arn, otherBob);
    expect(() => resolvePrincipalName(twoBobs, 'user/bob'))
      .toThrow(/ambiguous.*arn:aws:iam::111122223333:user\/bob, arn:aws:iam::444455556666:user\/bob/);
  });
});
