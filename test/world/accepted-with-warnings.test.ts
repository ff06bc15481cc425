/**
 * What AWS stores, keyproof loads (issue 11, "Real data is refused"): each with a warning at its place, and with the
 * meaning the warning states, on both engines. The world: test/fixtures/world/accepted/world.yaml.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines, type Engine } from '../../src/api/check.js';
import { formatLocation } from '../../src/errors.js';
import { loadWorld } from '../../src/world/load.js';

afterAll(closeEngines);

const dir = 'test/fixtures/world/accepted';
const world = loadWorld(`${dir}/world.yaml`);
const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const EBS_SESSION = 'arn:aws:sts::111122223333:assumed-role/aws:ec2-infrastructure/i-5d476fab';

const warnings = world.warnings.map((w) => `${formatLocation(w.location)}: ${w.message}`);
const warningsAt = (file: string, pointer: string) => world.warnings.filter((w) => w.location.file === `${dir}/${file}` && w.location.pointer === pointer);

describe('loading', () => {
  test('a malformed action string: a warning at the entry; the others of the list stay', () => {
    for (const account of ['111122223333', '444455556666', '777788889999']) {
      const [w] = warningsAt(`authorization-details-${account}.json`, '/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement/0/Action/1');
      expect(w?.message, warnings.join('\n')).toMatch(/"kms Encrypt" is not an action .*matches no action/);
      expect(world.accounts.get(account)!.users.get(`arn:aws:iam::${account}:user/dev`)!.inlinePolicies[0]!.document.statements[0]!.action).toEqual(['kms:Decrypt']);
    }
  });

  test('a statement left with no action, and a key policy statement without Resource, are located warnings', () => {
    expect(warningsAt('world.yaml', '/keys/0/policy/Statement/1/Action/0')[0]?.message).toMatch(/"kms De crypt"/);
    expect(warningsAt('world.yaml', '/keys/0/policy/Statement/1/Action/1')[0]?.message).toMatch(/"kms:Re Encrypt\*"/);
    expect(warningsAt('world.yaml', '/keys/0/policy/Statement/1/Action').map((w) => w.message)).toEqual([expect.stringMatching(/matches no request/)]);
    expect(warningsAt('world.yaml', '/keys/0/policy/Statement/2')[0]?.message).toMatch(/without Resource applies to no KMS key/);
    expect(warningsAt('world.yaml', '/keys/0/policy/Statement/3/NotAction/0')[0]?.message).toMatch(/excludes no action/);
  });

  test('NotPrincipal in a trust policy loads, with a warning, and is kept', () => {
    const [w] = warningsAt('authorization-details-111122223333.json', '/RoleDetailList/0/AssumeRolePolicyDocument/Statement/1/NotPrincipal');
    expect(w?.message).toMatch(/role trust policy should not use NotPrincipal/);
    expect(world.accounts.get('111122223333')!.roles.get('arn:aws:iam::111122223333:role/Ops')!.trustPolicy!.document.statements[1]!.notPrincipal).toHaveLength(2);
  });

  test('the same AWS managed policy in several exports: one policy; another default version is a warning, the first kept', () => {
    expect([...world.awsManagedPolicies.keys()]).toEqual(['arn:aws:iam::aws:policy/PowerUserAccess']);
    expect(warningsAt('authorization-details-444455556666.json', '/Policies/0')).toEqual([]);
    expect(warningsAt('authorization-details-777788889999.json', '/Policies/0')[0]?.message)
      .toMatch(/AWS managed policy "arn:aws:iam::aws:policy\/PowerUserAccess" is also listed at .*authorization-details-111122223333\.json.* with another default version/);
    expect(world.awsManagedPolicies.get('arn:aws:iam::aws:policy/PowerUserAccess')!.document.statements[0]!.notAction).toContain('account:*');
    expect(world.missingManagedPolicies).toEqual([]);
  });
});

const ENGINES: Engine[] = ['reference', 'z3'];

describe.each(ENGINES)('%s: what the warnings say holds', (engine) => {
  const ask = (principal: string, action: string, context: string[] = []) =>
    check(world, { principal, action, key: KEY, context, transitive: false, engine });

  test('the valid entries of a list with a malformed one still allow', async () => {
    expect((await ask('arn:aws:iam::111122223333:user/dev', 'kms:Decrypt')).decision).toBe('ALLOW');
  });

  test('a statement whose only actions are malformed matches nothing (Principal "*" with ReEncrypt* would allow)', async () => {
    expect((await ask('arn:aws:iam::444455556666:user/dev', 'kms:ReEncryptFrom')).decision).toBe('DENY');
  });

  test('a key policy statement without Resource allows nothing', async () => {
    expect((await ask('arn:aws:iam::444455556666:user/dev', 'kms:Sign')).decision).toBe('DENY');
  });

  test('a NotAction entry that is malformed excludes nothing: the Deny covers GenerateDataKey too', async () => {
    const answer = await ask('arn:aws:iam::111122223333:user/dev', 'kms:GenerateDataKey', ['kms:EncryptionContext:Purpose=deny-everything']);
    expect(answer).toMatchObject({ decision: 'DENY', reason: 'EXPLICIT_DENY' });
  });

  test('the AWS-owned role session the grant names uses the key under the grant constraint, and only then', async () => {
    const allowed = await ask(EBS_SESSION, 'kms:Decrypt', ['kms:EncryptionContext:aws:ebs:id=vol-5cccfb4e']);
    expect(allowed).toMatchObject({ decision: 'ALLOW', reason: 'ALLOWED', path: ['arn:aws:iam::111122223333:role/aws:ec2-infrastructure'] });
    expect(allowed.matched).toContainEqual(expect.objectContaining({ source: 'grant', policy: 'ebs-volume' }));
    expect((await ask(EBS_SESSION, 'kms:Decrypt')).decision).toBe('DENY');
    expect((await ask(EBS_SESSION, 'kms:Encrypt', ['kms:EncryptionContext:aws:ebs:id=vol-5cccfb4e'])).decision).toBe('DENY');
  });
});
