/**
 * The AWS KMS permissions (the `kms:` actions of IAM and key policies) and what the documentation says
 * about each: which resource it applies to, whether it works across accounts, whether a grant can allow it,
 * and whether a key policy can allow it.
 *
 * The permissions table of kms-api-permissions-reference.md is not in our copy of the docs ("See the AWS
 * documentation website"), so each fact below is transcribed from the page that states it, cited above it.
 * Operations the June-2023 copies do not name are left out rather than guessed.
 */
import { matchesWildcard } from '../policy/wildcard.js';

/** How reports group the operations. */
export type OperationGroup = 'crypto' | 'sign-verify-mac' | 'grants' | 'admin' | 'read';

/**
 * What the `Resource` element of an IAM policy must name for the permission
 * (kms-api-permissions-reference.md#permissions-column-descriptions, "Resources"):
 * - `key`: a KMS key (key ARN); in a key policy `*` means the key the policy is attached to;
 * - `alias-and-key`: both the alias and the KMS key (iam-policies-best-practices.md#require-resource-star);
 * - `none`: the operation uses no particular KMS key, so only `*` (or an account-wide variant) applies.
 */
export type OperationResource = 'key' | 'alias-and-key' | 'none';

/**
 * Every permission we know of, with its report group. The keys are the permission names without `kms:`.
 * Sources for the names: key-state.md#key-state-table, grants.md#terms-grant-operations,
 * key-policy-default.md#key-policy-default-allow-administrators, iam-policies-best-practices.md,
 * cmks-in-iam-policies.md, grant-manage.md#grant-authorization.
 */
const GROUP_OF = {
  // Cryptographic operations on data and data keys (grants.md#terms-grant-operations).
  Encrypt: 'crypto',
  Decrypt: 'crypto',
  // ReEncrypt is one API that needs two permissions: ReEncryptFrom on the source key and ReEncryptTo on
  // the destination key (key-policy-default.md#key-policy-users-crypto, "kms:ReEncrypt*").
  ReEncryptFrom: 'crypto',
  ReEncryptTo: 'crypto',
  GenerateDataKey: 'crypto',
  GenerateDataKeyPair: 'crypto',
  GenerateDataKeyPairWithoutPlaintext: 'crypto',
  GenerateDataKeyWithoutPlaintext: 'crypto',
  // Uses no KMS key: Resource must be "*" (iam-policies-best-practices.md#require-resource-star).
  GenerateRandom: 'crypto',

  Sign: 'sign-verify-mac',
  Verify: 'sign-verify-mac',
  GenerateMac: 'sign-verify-mac',
  VerifyMac: 'sign-verify-mac',
  GetPublicKey: 'sign-verify-mac',

  CreateGrant: 'grants',
  ListGrants: 'grants',
  ListRetirableGrants: 'grants',
  RetireGrant: 'grants',
  RevokeGrant: 'grants',

  CreateKey: 'admin',
  PutKeyPolicy: 'admin',
  ScheduleKeyDeletion: 'admin',
  CancelKeyDeletion: 'admin',
  EnableKey: 'admin',
  DisableKey: 'admin',
  EnableKeyRotation: 'admin',
  DisableKeyRotation: 'admin',
  UpdateKeyDescription: 'admin',
  TagResource: 'admin',
  UntagResource: 'admin',
  CreateAlias: 'admin',
  UpdateAlias: 'admin',
  DeleteAlias: 'admin',
  GetParametersForImport: 'admin',
  ImportKeyMaterial: 'admin',
  DeleteImportedKeyMaterial: 'admin',
  ReplicateKey: 'admin',
  UpdatePrimaryRegion: 'admin',
  // The docs name only these two custom key store permissions ("such as", iam-policies-best-practices.md).
  CreateCustomKeyStore: 'admin',
  ConnectCustomKeyStore: 'admin',

  DescribeKey: 'read',
  GetKeyPolicy: 'read',
  GetKeyRotationStatus: 'read',
  ListKeyPolicies: 'read',
  ListResourceTags: 'read',
  ListAliases: 'read',
  ListKeys: 'read',
} as const satisfies Record<string, OperationGroup>;

/** A permission name without the `kms:` prefix, e.g. `Decrypt`. */
export type KmsOperationName = keyof typeof GROUP_OF;

/** The name of an API operation as key-state.md lists it: the permission name, except `ReEncrypt`. */
export type KmsApiName = Exclude<KmsOperationName, 'ReEncryptFrom' | 'ReEncryptTo'> | 'ReEncrypt';

// grants.md#terms-grant-operations, "Cryptographic operations". (iam-policies-best-practices.md#avoid-resource-star
// also puts GetPublicKey in its parenthesised list of cryptographic operations; grants.md lists it under
// "Other operations", and conditions-kms.md#conditions-kms-request-alias names it beside "Cryptographic operations",
// so it is not one here. Either way it is cross-account and a grant operation.)
const CRYPTOGRAPHIC_OPERATIONS: readonly KmsOperationName[] = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'VerifyMac',
];

// grants.md#terms-grant-operations: the cryptographic operations and "Other operations".
const GRANT_OPERATIONS: readonly KmsOperationName[] = [
  ...CRYPTOGRAPHIC_OPERATIONS, 'CreateGrant', 'DescribeKey', 'GetPublicKey', 'RetireGrant',
];

// key-policy-modifying-external-accounts.md: "Cross-account permission is effective only for the following operations".
// (iam-policies-best-practices.md#avoid-resource-star also lists ListRetirableGrants among operations that "can be
// called on KMS keys in other AWS accounts"; the cross-account list does not, and it uses no particular key.)
const CROSS_ACCOUNT_OPERATIONS: readonly KmsOperationName[] = [
  ...CRYPTOGRAPHIC_OPERATIONS, 'CreateGrant', 'DescribeKey', 'GetKeyRotationStatus', 'GetPublicKey',
  'ListGrants', 'RetireGrant', 'RevokeGrant',
];

// iam-policies-best-practices.md#require-resource-star: "Only the following permissions require the
// "Resource": "*" element"; cmks-in-iam-policies.md: "operations that don't use any particular KMS key".
// ListRetirableGrants lists grants across "the AWS account and Region" (grant-manage.md#grant-view) and is
// absent from the table of operations "that use an existing KMS key" (key-state.md), so it uses no key either.
const OPERATIONS_WITHOUT_KEY: readonly KmsOperationName[] = [
  'CreateKey', 'GenerateRandom', 'ListAliases', 'ListKeys', 'CreateCustomKeyStore', 'ConnectCustomKeyStore',
  'ListRetirableGrants',
];

// kms/create-grant-overview.md#grant-constraints: "The encryption context constraint is ignored for `DescribeKey` and
// `RetireGrant` operations. `DescribeKey` and `RetireGrant` don't have an encryption context parameter".
const IGNORE_GRANT_CONSTRAINTS: readonly KmsOperationName[] = ['DescribeKey', 'RetireGrant'];

// iam-policies-best-practices.md#require-resource-star: alias permissions "must be attached to the alias and the KMS key".
const ALIAS_OPERATIONS: readonly KmsOperationName[] = ['CreateAlias', 'UpdateAlias', 'DeleteAlias'];

// Permissions that a key policy cannot give. key-policy-default.md#key-policy-default-allow-administrators:
// "The kms:CreateKey permission is valid only in an IAM policy", "kms:ListAliases and kms:ListKeys ... are valid
// only in IAM policies". grant-manage.md#grant-delete: "The kms:RetireGrant permission is not effective in a key
// policy". A key policy is attached to one key, so no operation without a key can be allowed by it.
const IAM_POLICY_ONLY: readonly KmsOperationName[] = [...OPERATIONS_WITHOUT_KEY, 'RetireGrant'];

export interface KmsOperation {
  /** The permission name without prefix, e.g. `GenerateDataKey`. */
  readonly name: KmsOperationName;
  /** The action as written in a policy, e.g. `kms:GenerateDataKey`. */
  readonly action: `kms:${KmsOperationName}`;
  /** The API operation that needs this permission: `ReEncrypt` for ReEncryptFrom and ReEncryptTo. */
  readonly api: KmsApiName;
  readonly group: OperationGroup;
  readonly resource: OperationResource;
  /** A principal of another account can be allowed to call it on a key of this account. */
  readonly crossAccount: boolean;
  /** One of the "Cryptographic operations" of grants.md#terms-grant-operations. */
  readonly cryptographic: boolean;
  /** A grant can allow it (grants.md#terms-grant-operations). */
  readonly grantOperation: boolean;
  /** A grant's encryption context constraints do not apply to it (create-grant-overview.md#grant-constraints). */
  readonly ignoresGrantConstraints: boolean;
  /** A key policy statement can allow it (false: only IAM policies can). */
  readonly effectiveInKeyPolicy: boolean;
}

function describeOperation(name: KmsOperationName): KmsOperation {
  const resource: OperationResource = OPERATIONS_WITHOUT_KEY.includes(name)
    ? 'none'
    : ALIAS_OPERATIONS.includes(name) ? 'alias-and-key' : 'key';
  return {
    name,
    action: `kms:${name}`,
    api: name === 'ReEncryptFrom' || name === 'ReEncryptTo' ? 'ReEncrypt' : name,
    group: GROUP_OF[name],
    resource,
    crossAccount: CROSS_ACCOUNT_OPERATIONS.includes(name),
    cryptographic: CRYPTOGRAPHIC_OPERATIONS.includes(name),
    grantOperation: GRANT_OPERATIONS.includes(name),
    ignoresGrantConstraints: IGNORE_GRANT_CONSTRAINTS.includes(name),
    effectiveInKeyPolicy: !IAM_POLICY_ONLY.includes(name),
  };
}

export const KMS_OPERATIONS: readonly KmsOperation[] = Object.freeze(
  (Object.keys(GROUP_OF) as KmsOperationName[]).map((name) => Object.freeze(describeOperation(name))),
);

const BY_LOWER_NAME = new Map(KMS_OPERATIONS.map((op) => [op.name.toLowerCase(), op]));

/**
 * The operation an action names, ignoring case, with or without the `kms:` prefix
 * (`kms:Decrypt`, `decrypt`, `KMS:DECRYPT`). Undefined for wildcards, other services and unknown names,
 * including the API name `ReEncrypt`, which is not a permission (use ReEncryptFrom / ReEncryptTo).
 */
export function findOperation(action: string): KmsOperation | undefined {
  const lower = action.toLowerCase();
  const name = lower.startsWith('kms:') ? lower.slice('kms:'.length) : lower;
  return BY_LOWER_NAME.get(name);
}

function resolve(op: string | KmsOperation): KmsOperation | undefined {
  return typeof op === 'string' ? findOperation(op) : op;
}

/** Can a principal of another account be allowed this operation on a key? False for unknown actions. */
export function isCrossAccountOperation(op: string | KmsOperation): boolean {
  return resolve(op)?.crossAccount ?? false;
}

/** Can a grant allow this operation? False for unknown actions. */
export function isGrantOperation(op: string | KmsOperation): boolean {
  return resolve(op)?.grantOperation ?? false;
}

/** The operations that act on a key (the others use no particular key, so they cannot be asked of one). */
export const KEY_OPERATIONS: readonly KmsOperation[] = KMS_OPERATIONS.filter((op) => op.resource !== 'none');

export function operationsInGroup(group: OperationGroup): readonly KmsOperation[] {
  return KMS_OPERATIONS.filter((op) => op.group === group);
}

/**
 * The KMS operations an `Action` pattern covers: `kms:*`, `kms:ReEncrypt*`, `kms:Get*`, `*`, `kms:Decrypt`...
 * "The prefix and the action name are case insensitive" (iam/reference_policies_elements_action.md), so matching
 * ignores case; the pattern is matched against the whole `kms:Name`, so `*` alone covers every KMS operation.
 * Patterns of other services cover nothing.
 */
export function expandActionPattern(pattern: string): readonly KmsOperation[] {
  return KMS_OPERATIONS.filter((op) => matchesWildcard(pattern, op.action, { ignoreCase: true }));
}
