/**
 * The policy documents the generator writes, as plain JSON (the shape AWS returns). Shared by identity
 * policies, key policies and SCPs, so that the same action lists are used everywhere.
 */
export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyJson {
  Version: '2012-10-17';
  Id?: string;
  Statement: PolicyStatementJson[];
}

export function policy(statements: PolicyStatementJson[], id?: string): PolicyJson {
  return id === undefined ? { Version: '2012-10-17', Statement: statements } : { Version: '2012-10-17', Id: id, Statement: statements };
}

/** The cryptographic operations a "key user" gets in the AWS console's default key policy. */
export const KEY_USER_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

export const SIGNING_USER_ACTIONS = ['kms:Sign', 'kms:Verify', 'kms:GetPublicKey', 'kms:DescribeKey'];

export const MAC_USER_ACTIONS = ['kms:GenerateMac', 'kms:VerifyMac', 'kms:DescribeKey'];

/** The "key administrators" actions of the console's default key policy. */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
  'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
];

export const KEY_READ_ACTIONS = ['kms:Describe*', 'kms:Get*', 'kms:List*'];

/** Operations that destroy a key or take it out of service: what guardrails protect. */
export const DESTRUCTIVE_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'];

export const GRANT_MANAGEMENT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

/** The service endpoints kms:ViaService conditions name (kms/conditions-kms.md#conditions-kms-via-service). */
export function viaServices(region: string): string[] {
  return [`s3.${region}.amazonaws.com`, `rds.${region}.amazonaws.com`];
}
