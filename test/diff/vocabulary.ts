/**
 * The small, fixed vocabulary that generated worlds and requests share: account ids, identity names, key slots,
 * services, and for each condition key the values policies write and the values requests carry. Keeping it small
 * makes a policy's principal, resource or condition hit the request often, and miss it often too.
 */

/** Accounts a world may list (the first one to three of them). */
export const WORLD_ACCOUNTS = ['111111111111', '222222222222', '333333333333'] as const;
/** An account that policies name but no world lists: its principals are external. */
export const EXTERNAL_ACCOUNT = '999999999999';
export const ALL_ACCOUNTS = [...WORLD_ACCOUNTS, EXTERNAL_ACCOUNT] as const;

export const ORG_ID = 'o-keyproof01';
export const OTHER_ORG_ID = 'o-elsewhere1';
/** The organization root: as an SCP/RCP target it stands for every member account. */
export const ORG_ROOT = 'r-root';
/** Organizational units of generated trees: two under the root, and one under the first. */
export const ORG_UNITS = ['ou-root-aaaaaaaa', 'ou-root-bbbbbbbb', 'ou-root-cccccccc'] as const;

export const REGION = 'us-east-1';
export const USER_NAMES = ['alice', 'bob'] as const;
export const ROLE_NAMES = ['app', 'admin', 'ops'] as const;
export const GROUP_NAME = 'devs';
/** Customer managed policies an account may define: one to attach, one to use as a permissions boundary. */
export const MANAGED_POLICY_NAMES = ['KmsUse', 'Boundary'] as const;
/** An AWS managed policy that a world may supply under `awsManagedPolicies`, or only reference. */
export const AWS_MANAGED_POLICY_ARN = 'arn:aws:iam::aws:policy/KeyproofKmsPowerUser';
/** Each account may hold keys in these slots. */
export const KEY_SLOTS = ['k0', 'k1'] as const;
export const SERVICES = ['s3.amazonaws.com', 'ec2.amazonaws.com'] as const;
/** The session name requests use for assumed-role session ARNs (a role ARN alone means the session `keyproof`). */
export const SESSION_NAME = 'sess';
/** Stands for "the account this policy belongs to" while generating; replaced when the world is assembled. */
export const OWN_ACCOUNT = '<own-account>';
/** Stands for "the key this key policy is attached to"; replaced when the world is assembled. */
export const THIS_KEY = '<this-key>';

export const userArn = (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`;
export const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
export const sessionArn = (account: string, role: string, session = SESSION_NAME) => `arn:aws:sts::${account}:assumed-role/${role}/${session}`;
export const rootArn = (account: string) => `arn:aws:iam::${account}:root`;
export const groupArn = (account: string, name: string) => `arn:aws:iam::${account}:group/${name}`;
export const policyArn = (account: string, name: string) => `arn:aws:iam::${account}:policy/${name}`;
export const keyArn = (account: string, slot: string) => `arn:aws:kms:${REGION}:${account}:key/${slot}`;
export const aliasName = (slot: string) => `alias/${slot}-alias`;

/** Every key ARN a world can hold. */
export const ALL_KEY_ARNS = WORLD_ACCOUNTS.flatMap((a) => KEY_SLOTS.map((s) => keyArn(a, s)));

/** The KMS operations policies and requests talk about most: crypto, admin, grant, read and non-cross-account ones. */
export const FOCUS_OPERATIONS = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'ReEncryptFrom', 'DescribeKey', 'CreateGrant', 'RetireGrant', 'Sign',
  'GetPublicKey', 'GetKeyPolicy', 'PutKeyPolicy', 'ScheduleKeyDeletion', 'EnableKey', 'ListGrants',
  // Today's API (kms-api-permissions-reference): a cross-account grant operation, and a key-only admin operation.
  'DeriveSharedSecret', 'RotateKeyOnDemand',
] as const;

/** Action patterns written in policies about KMS. */
export const KMS_ACTION_PATTERNS = [
  'kms:*', 'kms:Re*', 'kms:Get*', 'kms:Describe*', 'kms:GenerateDataKey*', 'kms:Encrypt', 'kms:Decrypt', '*',
  'kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'KMS:decrypt', 'kms:?ecrypt',
  'kms:DeriveSharedSecret', 'kms:Rotate*', 'kms:ListKeys',
] as const;

export const ENCRYPTION_CONTEXT = { Department: ['IT', 'Finance', 'HR'], Project: ['alpha', 'beta'] } as const;

/** How a condition key's values compare: it decides which operators are written on it. */
export type ConditionFamily = 'string' | 'arn' | 'numeric' | 'date' | 'bool' | 'ip';

export interface ConditionKeySpec {
  key: string;
  families: readonly ConditionFamily[];
  /** Values written in policies (some with wildcards or policy variables). */
  policyValues: readonly string[];
  /** Values a request may carry: some match the policy values, some do not. */
  requestValues: readonly string[];
  /** Several values per request (written with ForAnyValue/ForAllValues most of the time). */
  multiValued?: boolean;
}

const principalArns = [
  userArn('111111111111', 'alice'), roleArn('111111111111', 'app'), roleArn('222222222222', 'admin'),
  userArn(EXTERNAL_ACCOUNT, 'mallory'),
];

export const CONDITION_KEYS: readonly ConditionKeySpec[] = [
  {
    key: 'kms:ViaService', families: ['string'],
    policyValues: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', '*.us-east-1.amazonaws.com'],
    requestValues: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', 'rds.eu-west-1.amazonaws.com'],
  },
  { key: 'kms:CallerAccount', families: ['string'], policyValues: ALL_ACCOUNTS, requestValues: ALL_ACCOUNTS },
  {
    key: 'aws:PrincipalArn', families: ['arn', 'string'],
    policyValues: [...principalArns, 'arn:aws:iam::111111111111:role/*', 'arn:aws:iam::*:user/alice'],
    requestValues: principalArns,
  },
  { key: 'aws:PrincipalOrgID', families: ['string'], policyValues: [ORG_ID, OTHER_ORG_ID], requestValues: [ORG_ID, OTHER_ORG_ID] },
  { key: 'aws:PrincipalTag/team', families: ['string'], policyValues: ['blue', 'red', 'BLUE', 'b*'], requestValues: ['blue', 'red'] },
  {
    key: 'aws:ResourceTag/env', families: ['string'],
    policyValues: ['prod', 'dev', '${aws:PrincipalTag/team}'], requestValues: ['prod', 'dev', 'blue'],
  },
  {
    key: 'kms:EncryptionContext:Department', families: ['string'],
    policyValues: ['IT', 'Finance', 'Fin*'], requestValues: ENCRYPTION_CONTEXT.Department,
  },
  {
    key: 'kms:EncryptionContextKeys', families: ['string'], multiValued: true,
    policyValues: ['Department', 'Project'], requestValues: ['Department', 'Project', 'Other'],
  },
  {
    key: 'aws:SourceIp', families: ['ip'],
    policyValues: ['10.0.0.0/8', '192.0.2.0/24'], requestValues: ['10.1.2.3', '192.0.2.7', '203.0.113.5'],
  },
  {
    key: 'aws:CurrentTime', families: ['date'],
    policyValues: ['2024-01-01T00:00:00Z'], requestValues: ['2023-06-01T00:00:00Z', '2024-01-01T00:00:00Z', '2025-03-01T12:00:00Z'],
  },
  {
    key: 'aws:EpochTime', families: ['numeric', 'date'],
    policyValues: ['1700000000'], requestValues: ['1600000000', '1700000000', '1800000000'],
  },
  { key: 'aws:MultiFactorAuthPresent', families: ['bool'], policyValues: ['true', 'false'], requestValues: ['true', 'false'] },
  { key: 'kms:GrantIsForAWSResource', families: ['bool'], policyValues: ['true', 'false'], requestValues: ['true', 'false'] },
];

/** The operators of each family (iam/reference_policies_elements_condition_operators.md). */
export const OPERATORS_OF: Record<ConditionFamily, readonly string[]> = {
  string: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
};
