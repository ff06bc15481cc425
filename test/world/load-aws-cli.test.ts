/** A world made of verbatim AWS CLI outputs, each in its own file referenced with `$file`. */
import { describe, expect, test } from 'vitest';
import { loadWorld } from '../../src/world/load.js';

const dir = 'test/fixtures/world/aws-cli';
const KEY = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ACCOUNT = '111122223333';

describe('world of AWS CLI outputs', () => {
  const world = loadWorld(`${dir}/world.yaml`);
  const account = world.accounts.get(ACCOUNT)!;

  test('get-account-authorization-details: users with group names resolved to group ARNs (with paths)', () => {
    const alice = account.users.get(`arn:aws:iam::${ACCOUNT}:user/alice`)!;
    expect(alice).toMatchObject({
      userId: 'AIDAJQABLZS4A3QDU576Q',
      groupArns: [`arn:aws:iam::${ACCOUNT}:group/admins/Admins`],
      managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/team/KmsUse`],
      permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Boundary`,
      tags: { team: 'red' },
    });
    // URL-encoded inline policy.
    expect(alice.inlinePolicies[0]!.document.statements[0]!.action).toEqual(['kms:Encrypt']);
    // Errors and locations inside the referenced file name that file.
    expect(alice.location).toEqual({ file: `${dir}/authorization-details.json`, pointer: '/UserDetailList/0', line: 3, column: 9 });
    expect(account.users.get(`arn:aws:iam::${ACCOUNT}:user/division_abc/carol`)!.name).toBe('carol');
  });

  test('managed policies: the default version is the one in force', () => {
    const policy = account.managedPolicies.get(`arn:aws:iam::${ACCOUNT}:policy/team/KmsUse`)!;
    const [statement] = policy.document.statements;
    expect(statement).toMatchObject({ sid: 'DecryptOnly', effect: 'Allow', action: ['kms:Decrypt'] });
    // %20 decodes to a space.
    expect(statement!.conditions[0]!.values).toEqual(['billing app']);
    expect(statement!.location.pointer).toBe('/Policies/0/PolicyVersionList/1/Document/Statement/0');
  });

  test('roles: URL-encoded trust policies, service-linked roles by path', () => {
    const ec2 = account.roles.get(`arn:aws:iam::${ACCOUNT}:role/EC2role`)!;
    expect(ec2).toMatchObject({ roleId: 'AROA1234567890EXAMPLE', serviceLinked: false, tags: { env: 'prod' } });
    expect(ec2.trustPolicy!.document.statements[0]!.principal).toEqual([{ type: 'Service', value: 'ec2.amazonaws.com' }]);
    const linked = [...account.roles.values()].find((r) => r.name === 'AWSServiceRoleForAccessAnalyzer')!;
    expect(linked.serviceLinked).toBe(true);
  });

  test('AWS managed policies in the output are supplied; others referenced come from the snapshot', () => {
    expect([...world.awsManagedPolicies.keys()]).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess']);
    expect(world.awsManagedPolicies.get('arn:aws:iam::aws:policy/ReadOnlyAccess')!.location.file).toBe(`${dir}/authorization-details.json`);
    expect(world.awsManagedPolicies.get('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')!.location.file).toMatch(/^arn:aws:iam::aws:policy\/job-function\/ViewOnlyAccess@v\d+$/);
    expect(world.missingManagedPolicies).toEqual([]);
  });

  test('get-key-policy output: the Policy string is parsed', () => {
    const key = world.keys.get(KEY)!;
    expect(key.policy.document.statements.map((s) => s.sid)).toEqual(['Enable IAM User Permissions', 'Allow use by account 111122223333']);
    expect(key.policy.document.statements[1]!.location).toMatchObject({ file: `${dir}/get-key-policy.json`, pointer: '/Policy/Statement/1' });
  });

  test('list-grants output: every grant with its constraints', () => {
    const grants = world.keys.get(KEY)!.grants;
    expect(grants.map((g) => [g.grantId.slice(0, 8), g.name, g.granteePrincipal, g.operations, g.constraints])).toEqual([
      ['dc716f53', '0d8aa621-43ef-4657-b29c-3752c41dc132', 'arn:aws:sts::111122223333:assumed-role/aws:ec2-infrastructure/i-5d476fab', ['Decrypt'], { encryptionContextSubset: { 'aws:ebs:id': 'vol-5cccfb4e' } }],
      ['f271e832', undefined, `arn:aws:iam::${ACCOUNT}:user/alice`, ['Encrypt', 'ReEncryptFrom', 'ReEncryptTo'], undefined],
    ]);
    expect(grants[0]!.retiringPrincipal).toBe('arn:aws:iam::123456789012:root');
    expect(grants[0]!.location).toMatchObject({ file: `${dir}/list-grants.json`, pointer: '/Grants/0' });
  });

  test('describe-key output: the key state and properties come from KeyMetadata', () => {
    expect(world.keys.get(KEY)).toMatchObject({
      state: 'Disabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: false,
      keyManager: 'CUSTOMER',
    });
  });

  test('aliases by name and by ARN, and KMS-style tags', () => {
    const key = world.keys.get(KEY)!;
    expect(key.aliases).toEqual(['alias/billing', 'alias/billing-old']);
    expect([...world.aliases.keys()]).toEqual([
      'arn:aws:kms:us-west-2:444455556666:alias/billing',
      'arn:aws:kms:us-west-2:444455556666:alias/billing-old',
    ]);
    expect(key.tags).toEqual({ app: 'billing' });
  });
});
