/**
 * The estate the fake endpoint serves: an organization of three accounts (the management account 111111111111 at
 * the root; 333333333333 in OU Production; 222222222222 in OU Apps under Production), SCPs at the root, an OU and
 * an account (three levels) and an RCP at the root; IAM users, groups, roles and policies in two accounts; KMS keys
 * in two regions, one AWS managed, with grants (one with an encryption-context constraint). Account 333333333333
 * refuses the collector's role (AccessDenied). It is written as the AWS APIs return it; hand-written/world.yaml
 * describes the same estate in keyproof's native format, independently.
 */
export const MANAGEMENT = '111111111111';
export const APPS = '222222222222';
export const DENIED = '333333333333';
export const ORG_ID = 'o-a1b2c3d4e5';
export const ROOT_ID = 'r-ab12';
export const OU_PRODUCTION = 'ou-ab12-prod0001';
export const OU_APPS = 'ou-ab12-apps0001';
export const REGIONS = [
  { RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' },
  { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
  { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
];

/** The fake secrets: the output must never contain them. */
export const BASE_SECRET = 'FAKEbaseSECRETkey0000000000000000000000';
export const BASE_SESSION_TOKEN = 'FAKEbaseSESSIONtoken000000000000';
export const BASE_ACCESS_KEY = 'ASIAFAKEBASE00000001';
export const ASSUMED_SECRET_PREFIX = 'FAKEassumedSECRET';
export const ASSUMED_TOKEN_PREFIX = 'FAKEassumedTOKEN';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const date = new Date('2024-01-02T03:04:05Z');

export const KEY_APP = `arn:aws:kms:us-east-1:${MANAGEMENT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const KEY_AWS_S3 = `arn:aws:kms:us-east-1:${MANAGEMENT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const KEY_EU = `arn:aws:kms:eu-west-1:${MANAGEMENT}:key/mrk-1111aaaa2222bbbb3333cccc4444dddd`;
export const KEY_APPS = `arn:aws:kms:us-east-1:${APPS}:key/5555eeee-55ee-55ee-55ee-555555555555`;

const rootPolicy = (account: string) => ({ Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' });

export interface FakeKey {
  arn: string;
  metadata: Record<string, unknown>;
  policy: unknown;
  grants: Array<Record<string, unknown>>;
  tags: Array<{ TagKey: string; TagValue: string }>;
  aliases: string[];
}

function key(arn: string, extra: Record<string, unknown>, policy: unknown, grants: FakeKey['grants'], tags: FakeKey['tags'], aliases: string[]): FakeKey {
  const [, , , region, account, resource] = arn.split(':');
  const keyId = resource!.slice('key/'.length);
  return {
    arn, policy, grants, tags, aliases,
    metadata: {
      AWSAccountId: account, KeyId: keyId, Arn: arn, CreationDate: date.getTime() / 1000, Enabled: true, KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: keyId.startsWith('mrk-'), Description: `key in ${region}`, ...extra,
    },
  };
}

export const KEYS: FakeKey[] = [
  key(KEY_APP, {}, doc(
    rootPolicy(MANAGEMENT),
    { Sid: 'Apps account decrypts', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${APPS}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
  ), [
    {
      KeyId: KEY_APP, GrantId: 'a0grant000000000000000000000000000000000000000000000000000000001', Name: 'app-decrypt', CreationDate: date.getTime() / 1000,
      GranteePrincipal: `arn:aws:iam::${APPS}:role/AppRole`, IssuingAccount: `arn:aws:iam::${MANAGEMENT}:root`,
      Operations: ['Decrypt', 'GenerateDataKey'], Constraints: { EncryptionContextSubset: { app: 'billing' } },
    },
    {
      KeyId: KEY_APP, GrantId: 'b0grant000000000000000000000000000000000000000000000000000000002', CreationDate: date.getTime() / 1000,
      GranteePrincipal: `arn:aws:iam::${MANAGEMENT}:role/KeyAdmin`, RetiringPrincipal: `arn:aws:iam::${MANAGEMENT}:role/KeyAdmin`,
      IssuingAccount: `arn:aws:iam::${MANAGEMENT}:root`, Operations: ['Encrypt'],
    },
    {
      KeyId: KEY_APP, GrantId: 'c0grant000000000000000000000000000000000000000000000000000000003', CreationDate: date.getTime() / 1000,
      GranteePrincipal: `arn:aws:iam::${MANAGEMENT}:user/alice`, IssuingAccount: `arn:aws:iam::${MANAGEMENT}:root`,
      Operations: ['Sign', 'Verify'], Constraints: { EncryptionContextEquals: { purpose: 'audit' } },
    },
  ], [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'team', TagValue: 'billing' }], ['alias/app-key']),
  key(KEY_AWS_S3, { KeyManager: 'AWS', Description: 'Default key that protects my S3 objects when no other key is defined' }, doc(
    { Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3', Effect: 'Allow', Principal: { AWS: '*' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': MANAGEMENT } } },
    { Sid: 'Allow direct access to key metadata to the account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
      Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' },
  ), [], [], ['alias/aws/s3']),
  key(KEY_EU, { KeyState: 'PendingDeletion', Enabled: false, DeletionDate: date.getTime() / 1000 + 86400 * 7, PendingDeletionWindowInDays: 7 }, doc(rootPolicy(MANAGEMENT)), [], [], ['alias/eu-key']),
  key(KEY_APPS, {}, doc(rootPolicy(APPS), { Sid: 'Public by mistake', Effect: 'Allow', Principal: '*', Action: 'kms:Encrypt', Resource: '*' }), [], [], []),
];

const inline = (PolicyName: string, document: unknown) => ({ PolicyName, PolicyDocument: document });
const attached = (PolicyArn: string) => ({ PolicyName: PolicyArn.split('/').pop()!, PolicyArn });
const KMS_READ_AWS = 'arn:aws:iam::aws:policy/AWSKeyManagementServiceReadOnly';

/** Each account's get-account-authorization-details, before URL-encoding (the endpoint encodes the documents). */
export const IAM: Record<string, { users: unknown[]; groups: unknown[]; roles: unknown[]; policies: unknown[] }> = {
  [MANAGEMENT]: {
    users: [
      { Path: '/', UserName: 'alice', UserId: 'AIDAALICE0000000000001', Arn: `arn:aws:iam::${MANAGEMENT}:user/alice`, CreateDate: date,
        UserPolicyList: [inline('decrypt-app', doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_APP }))], GroupList: ['admins'],
        AttachedManagedPolicies: [], Tags: [{ Key: 'team', Value: 'billing' }] },
      { Path: '/', UserName: 'carol', UserId: 'AIDACAROL0000000000003', Arn: `arn:aws:iam::${MANAGEMENT}:user/carol`, CreateDate: date,
        UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [attached(KMS_READ_AWS)], Tags: [] },
    ],
    groups: [
      { Path: '/', GroupName: 'admins', GroupId: 'AGPAADMINS0000000001', Arn: `arn:aws:iam::${MANAGEMENT}:group/admins`, CreateDate: date,
        GroupPolicyList: [inline('assume-key-admin', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${MANAGEMENT}:role/KeyAdmin` }))],
        AttachedManagedPolicies: [] },
    ],
    roles: [
      { Path: '/', RoleName: 'KeyAdmin', RoleId: 'AROAKEYADMIN000000001', Arn: `arn:aws:iam::${MANAGEMENT}:role/KeyAdmin`, CreateDate: date,
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }),
        InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [attached(`arn:aws:iam::${MANAGEMENT}:policy/KmsAdmin`)], Tags: [] },
    ],
    policies: [
      { PolicyName: 'KmsAdmin', PolicyId: 'ANPAKMSADMIN00000001', Arn: `arn:aws:iam::${MANAGEMENT}:policy/KmsAdmin`, Path: '/', DefaultVersionId: 'v2',
        AttachmentCount: 1, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: date, UpdateDate: date,
        PolicyVersionList: [
          { Document: doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }), VersionId: 'v2', IsDefaultVersion: true, CreateDate: date },
          { Document: doc({ Effect: 'Allow', Action: 'kms:Describe*', Resource: '*' }), VersionId: 'v1', IsDefaultVersion: false, CreateDate: date },
        ] },
      { PolicyName: 'AWSKeyManagementServiceReadOnly', PolicyId: 'ANPAAWSKMSRO00000001', Arn: KMS_READ_AWS, Path: '/', DefaultVersionId: 'v1',
        AttachmentCount: 2, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: date, UpdateDate: date,
        PolicyVersionList: [{ Document: doc({ Effect: 'Allow', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' }), VersionId: 'v1', IsDefaultVersion: true, CreateDate: date }] },
    ],
  },
  [APPS]: {
    users: [
      { Path: '/', UserName: 'bob', UserId: 'AIDABOB00000000000002', Arn: `arn:aws:iam::${APPS}:user/bob`, CreateDate: date,
        UserPolicyList: [inline('assume-app', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${APPS}:role/AppRole` }))],
        GroupList: [], AttachedManagedPolicies: [attached(KMS_READ_AWS)], Tags: [] },
    ],
    groups: [],
    roles: [
      { Path: '/', RoleName: 'AppRole', RoleId: 'AROAAPPROLE0000000001', Arn: `arn:aws:iam::${APPS}:role/AppRole`, CreateDate: date,
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${APPS}:user/bob` }, Action: 'sts:AssumeRole' }),
        InstanceProfileList: [], RolePolicyList: [inline('use-app-key', doc({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: KEY_APP }))],
        AttachedManagedPolicies: [], Tags: [{ Key: 'app', Value: 'billing' }] },
      { Path: '/aws-service-role/support.amazonaws.com/', RoleName: 'AWSServiceRoleForSupport', RoleId: 'AROASUPPORT0000000001',
        Arn: `arn:aws:iam::${APPS}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`, CreateDate: date,
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'support.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [], Tags: [] },
    ],
    policies: [
      { PolicyName: 'AWSKeyManagementServiceReadOnly', PolicyId: 'ANPAAWSKMSRO00000001', Arn: KMS_READ_AWS, Path: '/', DefaultVersionId: 'v1',
        AttachmentCount: 2, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: date, UpdateDate: date,
        PolicyVersionList: [{ Document: doc({ Effect: 'Allow', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' }), VersionId: 'v1', IsDefaultVersion: true, CreateDate: date }] },
    ],
  },
};

export interface FakeOrgPolicy {
  Id: string;
  Name: string;
  Type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  AwsManaged: boolean;
  content: unknown;
  targets: string[];
}

export const ORG_POLICIES: FakeOrgPolicy[] = [
  { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true,
    content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), targets: [ROOT_ID, OU_PRODUCTION, OU_APPS, MANAGEMENT, APPS, DENIED] },
  { Id: 'p-denydelete1', Name: 'DenyKeyDeletion', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false,
    content: doc({ Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], Resource: '*' }), targets: [ROOT_ID] },
  { Id: 'p-denyeu00001', Name: 'DenyOutsideUsEast1', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false,
    content: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }), targets: [OU_PRODUCTION] },
  { Id: 'p-appsnogrant', Name: 'AppsNoGrants', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false,
    content: doc({ Effect: 'Deny', Action: 'kms:CreateGrant', Resource: '*' }), targets: [APPS] },
  { Id: 'p-RCPFullAWSAccess', Name: 'RCPFullAWSAccess', Type: 'RESOURCE_CONTROL_POLICY', AwsManaged: true,
    content: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }), targets: [ROOT_ID] },
  { Id: 'p-rcpkmsorg01', Name: 'KmsOnlyFromOrg', Type: 'RESOURCE_CONTROL_POLICY', AwsManaged: false,
    content: doc({ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, Bool: { 'aws:PrincipalIsAWSService': 'false' } } }), targets: [ROOT_ID] },
];

/** Parent id -> its OUs and accounts. */
export const TREE: Record<string, { ous: Array<{ Id: string; Name: string }>; accounts: string[] }> = {
  [ROOT_ID]: { ous: [{ Id: OU_PRODUCTION, Name: 'Production' }], accounts: [MANAGEMENT] },
  [OU_PRODUCTION]: { ous: [{ Id: OU_APPS, Name: 'Apps' }], accounts: [DENIED] },
  [OU_APPS]: { ous: [], accounts: [APPS] },
};
