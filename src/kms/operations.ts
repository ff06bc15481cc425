/**
 * The AWS KMS permissions (the `kms:` actions of IAM and key policies) and what the documentation says about each:
 * which resource it applies to, whether it works across accounts, whether a grant can allow it, whether a key policy
 * can allow it, and which condition keys a policy can test for it.
 *
 * The rows are the table of "AWS KMS permissions"
 * (https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html, read 2026-12-02; its
 * extract is docs/references/kms-api-permissions-reference.extract.md, which test/kms/permissions-page.test.ts
 * compares with this table). Our 2023 copy of that page has no table ("See the AWS documentation website"), so the
 * current page is the source; the grant and cryptographic columns come from the pages cited beside them.
 * The Service Authorization Reference also lists kms:SynchronizeMultiRegionKey, which the permissions page does not:
 * it is left out rather than guessed.
 */
import { matchesWildcard } from '../policy/wildcard.js';

/** How reports group the operations. */
export type OperationGroup = 'crypto' | 'sign-verify-mac' | 'grants' | 'admin' | 'read';

/**
 * What the `Resource` element of an IAM policy must name for the permission (the "Resources" column,
 * kms-api-permissions-reference.md#permissions-column-descriptions):
 * - `key`: a KMS key (key ARN); in a key policy `*` means the key the policy is attached to;
 * - `alias-and-key`: both the alias (in an IAM policy) and the KMS key (in its key policy): "To use this operation,
 *   the caller needs kms:CreateAlias permission on two resources" (the CreateAlias, DeleteAlias, UpdateAlias rows);
 * - `none`: `*`, "the permission doesn't apply to a particular resource (KMS key or alias)".
 */
export type OperationResource = 'key' | 'alias-and-key' | 'none';

/** The "Policy type" column: `key-policy` ("you can specify the permission in the key policy", and in IAM policies
 * when the key policy enables them) or `iam-policy` ("you can specify the permission only in an IAM policy"). */
export type PermissionPolicyType = 'key-policy' | 'iam-policy';

/**
 * The "Cross-account use" column: `yes`, `no`, `not-applicable` (GenerateRandom: "N/A") or `local-principal`
 * (ListRetirableGrants: "The specified principal must be in the local account, but the operation returns grants in
 * all accounts").
 */
export type CrossAccountUse = 'yes' | 'no' | 'not-applicable' | 'local-principal';

/** The condition keys the page lists for each permission. `aws:ResourceTag/tag-key` stands for every tag key. */
const KEY_OPERATION_CONDITIONS = [
  'kms:CallerAccount', 'kms:KeySpec', 'kms:KeyUsage', 'kms:KeyOrigin', 'kms:MultiRegion', 'kms:MultiRegionKeyType',
  'kms:ResourceAliases', 'aws:ResourceTag/tag-key', 'kms:ViaService',
] as const;
const CRYPTOGRAPHIC_CONDITIONS = ['kms:EncryptionAlgorithm', 'kms:RequestAlias'] as const;
const ENCRYPTION_CONTEXT_CONDITIONS = ['kms:EncryptionContext:context-key', 'kms:EncryptionContextKeys'] as const;
const GRANT_CONDITIONS = [
  'kms:GrantConstraintSourceArn', 'kms:GrantConstraintType', 'kms:GranteePrincipal', 'kms:GranteeServicePrincipal',
  'kms:GrantIsForAWSResource', 'kms:GrantOperations', 'kms:RetiringPrincipal', 'kms:RetiringServicePrincipal',
] as const;
const SIGNING_CONDITIONS = ['kms:MessageType', 'kms:RequestAlias', 'kms:SigningAlgorithm'] as const;
const MAC_CONDITIONS = ['kms:MacAlgorithm', 'kms:RequestAlias'] as const;
const TAGGING_CONDITIONS = ['aws:RequestTag/tag-key', 'aws:TagKeys'] as const;
const CUSTOM_KEY_STORE_CONDITIONS = ['kms:CallerAccount'] as const;

interface PermissionRow {
  readonly group: OperationGroup;
  readonly policyType: PermissionPolicyType;
  readonly crossAccountUse: CrossAccountUse;
  readonly resource: OperationResource;
  readonly conditionKeys: readonly string[];
}

const row = (
  group: OperationGroup, policyType: PermissionPolicyType, crossAccountUse: CrossAccountUse, resource: OperationResource,
  ...conditionKeys: (readonly string[])[]
): PermissionRow => ({ group, policyType, crossAccountUse, resource, conditionKeys: [...new Set(conditionKeys.flat())] });

const KEY = KEY_OPERATION_CONDITIONS;
const CRYPTO_WITH_CONTEXT = [...CRYPTOGRAPHIC_CONDITIONS, ...ENCRYPTION_CONTEXT_CONDITIONS, ...KEY_OPERATION_CONDITIONS];

/**
 * The table of kms-api-permissions-reference.md, one row per permission (in report order: by group, as the reports
 * list them). The keys are the permission names without `kms:`. The alias rows give the key policy half (the alias half is an IAM policy on the
 * alias with no KMS condition key); the ReEncrypt row is both ReEncryptFrom and ReEncryptTo.
 */
const PERMISSIONS = {
  Encrypt: row('crypto', 'key-policy', 'yes', 'key', CRYPTO_WITH_CONTEXT),
  Decrypt: row('crypto', 'key-policy', 'yes', 'key', CRYPTO_WITH_CONTEXT),
  ReEncryptFrom: row('crypto', 'key-policy', 'yes', 'key', CRYPTO_WITH_CONTEXT, ['kms:ReEncryptOnSameKey']),
  ReEncryptTo: row('crypto', 'key-policy', 'yes', 'key', CRYPTO_WITH_CONTEXT, ['kms:ReEncryptOnSameKey']),
  GenerateDataKey: row('crypto', 'key-policy', 'yes', 'key', CRYPTO_WITH_CONTEXT),
  GenerateDataKeyPair: row('crypto', 'key-policy', 'yes', 'key', ['kms:DataKeyPairSpec'], CRYPTO_WITH_CONTEXT),
  GenerateDataKeyPairWithoutPlaintext: row('crypto', 'key-policy', 'yes', 'key', ['kms:DataKeyPairSpec'], CRYPTO_WITH_CONTEXT),
  GenerateDataKeyWithoutPlaintext: row('crypto', 'key-policy', 'yes', 'key', CRYPTO_WITH_CONTEXT),
  DeriveSharedSecret: row('crypto', 'key-policy', 'yes', 'key', KEY, ['kms:KeyAgreementAlgorithm']),
  GenerateRandom: row('crypto', 'iam-policy', 'not-applicable', 'none', []),
  Sign: row('sign-verify-mac', 'key-policy', 'yes', 'key', SIGNING_CONDITIONS, KEY),
  Verify: row('sign-verify-mac', 'key-policy', 'yes', 'key', SIGNING_CONDITIONS, KEY),
  GenerateMac: row('sign-verify-mac', 'key-policy', 'yes', 'key', KEY, MAC_CONDITIONS),
  VerifyMac: row('sign-verify-mac', 'key-policy', 'yes', 'key', KEY, MAC_CONDITIONS),
  GetPublicKey: row('sign-verify-mac', 'key-policy', 'yes', 'key', KEY, ['kms:RequestAlias']),
  CreateGrant: row('grants', 'key-policy', 'yes', 'key', ENCRYPTION_CONTEXT_CONDITIONS, GRANT_CONDITIONS, KEY),
  ListGrants: row('grants', 'key-policy', 'yes', 'key', KEY, ['kms:GrantIsForAWSResource']),
  ListRetirableGrants: row('grants', 'iam-policy', 'local-principal', 'none', []),
  // "IAM policy (This permission is not effective in a key policy.)"
  RetireGrant: row('grants', 'iam-policy', 'yes', 'key', ENCRYPTION_CONTEXT_CONDITIONS, ['kms:GrantConstraintType'], [
    'kms:CallerAccount', 'kms:ResourceAliases', 'aws:ResourceTag/tag-key', 'kms:ViaService',
  ]),
  RevokeGrant: row('grants', 'key-policy', 'yes', 'key', KEY, ['kms:GrantIsForAWSResource']),
  CreateKey: row('admin', 'iam-policy', 'no', 'none', [
    'kms:BypassPolicyLockoutSafetyCheck', 'kms:CallerAccount', 'kms:KeySpec', 'kms:KeyUsage', 'kms:KeyOrigin',
    'kms:MultiRegion', 'kms:MultiRegionKeyType', 'kms:ViaService', 'aws:RequestTag/tag-key', 'aws:ResourceTag/tag-key',
    'aws:TagKeys',
  ]),
  PutKeyPolicy: row('admin', 'key-policy', 'no', 'key', KEY, ['kms:BypassPolicyLockoutSafetyCheck']),
  ScheduleKeyDeletion: row('admin', 'key-policy', 'no', 'key', KEY, ['kms:TrailingDaysWithoutKeyUsage']),
  CancelKeyDeletion: row('admin', 'key-policy', 'no', 'key', KEY),
  EnableKey: row('admin', 'key-policy', 'no', 'key', KEY),
  DisableKey: row('admin', 'key-policy', 'no', 'key', KEY, ['kms:TrailingDaysWithoutKeyUsage']),
  EnableKeyRotation: row('admin', 'key-policy', 'no', 'key', KEY, ['kms:RotationPeriodInDays']),
  DisableKeyRotation: row('admin', 'key-policy', 'no', 'key', KEY),
  RotateKeyOnDemand: row('admin', 'key-policy', 'no', 'key', KEY),
  UpdateKeyDescription: row('admin', 'key-policy', 'no', 'key', KEY),
  TagResource: row('admin', 'key-policy', 'no', 'key', KEY, TAGGING_CONDITIONS),
  UntagResource: row('admin', 'key-policy', 'no', 'key', KEY, TAGGING_CONDITIONS),
  CreateAlias: row('admin', 'key-policy', 'no', 'alias-and-key', KEY),
  UpdateAlias: row('admin', 'key-policy', 'no', 'alias-and-key', KEY),
  DeleteAlias: row('admin', 'key-policy', 'no', 'alias-and-key', KEY),
  GetParametersForImport: row('admin', 'key-policy', 'no', 'key', ['kms:WrappingAlgorithm', 'kms:WrappingKeySpec'], KEY),
  ImportKeyMaterial: row('admin', 'key-policy', 'no', 'key', KEY, ['kms:ExpirationModel', 'kms:ValidTo']),
  DeleteImportedKeyMaterial: row('admin', 'key-policy', 'no', 'key', KEY),
  ReplicateKey: row('admin', 'key-policy', 'no', 'key', KEY, ['kms:ReplicaRegion']),
  UpdatePrimaryRegion: row('admin', 'key-policy', 'no', 'key', KEY, ['kms:PrimaryRegion']),
  CreateCustomKeyStore: row('admin', 'iam-policy', 'no', 'none', CUSTOM_KEY_STORE_CONDITIONS),
  ConnectCustomKeyStore: row('admin', 'iam-policy', 'no', 'none', CUSTOM_KEY_STORE_CONDITIONS),
  DeleteCustomKeyStore: row('admin', 'iam-policy', 'no', 'none', CUSTOM_KEY_STORE_CONDITIONS),
  DisconnectCustomKeyStore: row('admin', 'iam-policy', 'no', 'none', CUSTOM_KEY_STORE_CONDITIONS),
  UpdateCustomKeyStore: row('admin', 'iam-policy', 'no', 'none', CUSTOM_KEY_STORE_CONDITIONS),
  DescribeKey: row('read', 'key-policy', 'yes', 'key', KEY, ['kms:RequestAlias']),
  GetKeyPolicy: row('read', 'key-policy', 'no', 'key', KEY),
  GetKeyLastUsage: row('read', 'key-policy', 'no', 'key', KEY),
  GetKeyRotationStatus: row('read', 'key-policy', 'yes', 'key', KEY),
  ListKeyRotations: row('read', 'key-policy', 'no', 'key', KEY),
  ListKeyPolicies: row('read', 'key-policy', 'no', 'key', KEY),
  ListResourceTags: row('read', 'key-policy', 'no', 'key', KEY),
  ListAliases: row('read', 'iam-policy', 'no', 'none', []),
  ListKeys: row('read', 'iam-policy', 'no', 'none', []),
  DescribeCustomKeyStores: row('read', 'iam-policy', 'no', 'none', CUSTOM_KEY_STORE_CONDITIONS),
} as const satisfies Record<string, PermissionRow>;

/** A permission name without the `kms:` prefix, e.g. `Decrypt`. */
export type KmsOperationName = keyof typeof PERMISSIONS;

/** The name of an API operation as the pages list it: the permission name, except `ReEncrypt`. */
export type KmsApiName = Exclude<KmsOperationName, 'ReEncryptFrom' | 'ReEncryptTo'> | 'ReEncrypt';

// grants.md#terms-grant-operations, "Cryptographic operations"; DeriveSharedSecret, added in 2024 after our copy, is
// one of "the last successful cryptographic operation[s]" of API_KeyLastUsageData (its Operation valid values).
// (iam-policies-best-practices.md#avoid-resource-star also puts GetPublicKey in its parenthesised list of
// cryptographic operations; grants.md lists it under "Other operations", and conditions-kms.md#conditions-kms-request-alias
// names it beside "Cryptographic operations", so it is not one here. Either way it is cross-account and a grant operation.)
const CRYPTOGRAPHIC_OPERATIONS: readonly KmsOperationName[] = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'VerifyMac',
];

// grants.md#terms-grant-operations: the cryptographic operations and "Other operations". The current API reference
// (API_GrantListEntry, "Operations" valid values) adds DeriveSharedSecret.
const GRANT_OPERATIONS: readonly KmsOperationName[] = [
  ...CRYPTOGRAPHIC_OPERATIONS, 'CreateGrant', 'DescribeKey', 'GetPublicKey', 'RetireGrant',
];

// kms/create-grant-overview.md#grant-constraints: "The encryption context constraint is ignored for `DescribeKey` and
// `RetireGrant` operations. `DescribeKey` and `RetireGrant` don't have an encryption context parameter".
const IGNORE_GRANT_CONSTRAINTS: readonly KmsOperationName[] = ['DescribeKey', 'RetireGrant'];

export interface KmsOperation {
  /** The permission name without prefix, e.g. `GenerateDataKey`. */
  readonly name: KmsOperationName;
  /** The action as written in a policy, e.g. `kms:GenerateDataKey`. */
  readonly action: `kms:${KmsOperationName}`;
  /** The API operation that needs this permission: `ReEncrypt` for ReEncryptFrom and ReEncryptTo. */
  readonly api: KmsApiName;
  readonly group: OperationGroup;
  readonly resource: OperationResource;
  /** The "Policy type" column of the permissions page. */
  readonly policyType: PermissionPolicyType;
  /** The "Cross-account use" column of the permissions page. */
  readonly crossAccountUse: CrossAccountUse;
  /** A principal of another account can be allowed to call it on a key of this account (cross-account use "Yes"). */
  readonly crossAccount: boolean;
  /** One of the "Cryptographic operations" of grants.md#terms-grant-operations. */
  readonly cryptographic: boolean;
  /** A grant can allow it (grants.md#terms-grant-operations). */
  readonly grantOperation: boolean;
  /** A grant's encryption context constraints do not apply to it (create-grant-overview.md#grant-constraints). */
  readonly ignoresGrantConstraints: boolean;
  /** A key policy statement can allow it (false: only IAM policies can). */
  readonly effectiveInKeyPolicy: boolean;
  /** The condition keys the permissions page lists for it (`aws:ResourceTag/tag-key` for every tag key). */
  readonly conditionKeys: readonly string[];
}

function describeOperation(name: KmsOperationName): KmsOperation {
  const permission: PermissionRow = PERMISSIONS[name];
  return {
    name,
    action: `kms:${name}`,
    api: name === 'ReEncryptFrom' || name === 'ReEncryptTo' ? 'ReEncrypt' : name,
    group: permission.group,
    resource: permission.resource,
    policyType: permission.policyType,
    crossAccountUse: permission.crossAccountUse,
    // "A value of Yes means that principals can perform the operation on resources in a different AWS account."
    crossAccount: permission.crossAccountUse === 'yes',
    cryptographic: CRYPTOGRAPHIC_OPERATIONS.includes(name),
    grantOperation: GRANT_OPERATIONS.includes(name),
    // "IAM policy means that you can specify the permission only in an IAM policy" (RetireGrant: "not effective in
    // a key policy"); a key policy is attached to one key, so no operation without a key can be allowed by it either.
    ignoresGrantConstraints: IGNORE_GRANT_CONSTRAINTS.includes(name),
    effectiveInKeyPolicy: permission.policyType === 'key-policy' && permission.resource !== 'none',
    conditionKeys: Object.freeze([...permission.conditionKeys]),
  };
}

export const KMS_OPERATIONS: readonly KmsOperation[] = Object.freeze(
  (Object.keys(PERMISSIONS) as KmsOperationName[]).map((name) => Object.freeze(describeOperation(name))),
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
