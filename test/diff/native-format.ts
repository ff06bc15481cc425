/**
 * The native world file of ../shared/spec/interface.md section 3 as plain JSON types: what the generators
 * produce and what serialise-world.ts writes. Only the fields keyproof reads are typed.
 */

export type JsonPrincipal = '*' | Partial<Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', string | string[]>>;
/** `{ operator: { key: value | [values] } }` (iam/reference_policies_elements_condition.md). */
export type JsonCondition = Record<string, Record<string, string | string[]>>;

export interface JsonStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: JsonPrincipal;
  NotPrincipal?: JsonPrincipal;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: JsonCondition;
}

export interface JsonPolicyDocument {
  Version?: string;
  Id?: string;
  Statement: JsonStatement[];
}

export interface NativeNamedPolicy {
  name: string;
  document: JsonPolicyDocument;
}

export interface NativeManagedPolicy {
  arn: string;
  document: JsonPolicyDocument;
}

export interface NativeUser {
  arn: string;
  userId?: string;
  policies?: NativeNamedPolicy[];
  managedPolicies?: string[];
  groups?: string[];
  permissionsBoundary?: string;
  tags?: Record<string, string>;
}

export interface NativeRole {
  arn: string;
  roleId?: string;
  trustPolicy?: JsonPolicyDocument;
  policies?: NativeNamedPolicy[];
  managedPolicies?: string[];
  permissionsBoundary?: string;
  tags?: Record<string, string>;
}

export interface NativeGroup {
  arn: string;
  policies?: NativeNamedPolicy[];
  managedPolicies?: string[];
}

export interface NativeAccount {
  id: string;
  users?: NativeUser[];
  roles?: NativeRole[];
  groups?: NativeGroup[];
  managedPolicies?: NativeManagedPolicy[];
}

/** An entry of `aws kms list-grants` (kms/grants.md). */
export interface NativeGrant {
  GrantId: string;
  Name?: string;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount?: string;
  Operations: string[];
  Constraints?: { EncryptionContextSubset?: Record<string, string>; EncryptionContextEquals?: Record<string, string> };
}

/** The `KeyMetadata` fields keyproof reads (kms/conditions-kms.md). */
export interface NativeKeyMetadata {
  KeySpec?: string;
  KeyUsage?: string;
  Origin?: string;
  MultiRegion?: boolean;
  KeyManager?: string;
}

export interface NativeKey {
  arn: string;
  state?: string;
  policy: JsonPolicyDocument;
  grants?: NativeGrant[];
  aliases?: string[];
  tags?: Record<string, string>;
  metadata?: NativeKeyMetadata;
}

export interface NativeOrganizationPolicy {
  name: string;
  targets: string[];
  document: JsonPolicyDocument;
}

export interface NativeOrganizationalUnit {
  id: string;
  name?: string;
  accounts?: string[];
  children?: NativeOrganizationalUnit[];
}

export interface NativeOrganization {
  id: string;
  accounts: string[];
  managementAccount?: string;
  root?: string;
  organizationalUnits?: NativeOrganizationalUnit[];
  serviceControlPolicies?: NativeOrganizationPolicy[];
  resourceControlPolicies?: NativeOrganizationPolicy[];
}

export interface NativeWorld {
  organization?: NativeOrganization;
  accounts: NativeAccount[];
  keys: NativeKey[];
  awsManagedPolicies?: NativeManagedPolicy[];
}
