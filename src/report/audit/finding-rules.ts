/**
 * What each finding kind is, in words every report format shares (SARIF rules, findings-json, ASFF, OCSF): a name,
 * a short and a full description, how to fix it, and its default level.
 */
import type { FindingKind, FindingSeverity } from '../../questions/audit/result.js';

export interface RuleText {
  name: string;
  short: string;
  full: string;
  help: string;
  level: FindingSeverity;
}

/**
 * Every finding kind, with the text code scanning shows for it. A `Record` so that a new kind cannot be forgotten.
 * `level` is the kind's usual severity, the one the audit gives it (src/questions/audit/findings.ts; docs/findings.md
 * says why): a finding may be milder (the account root's self-escalation, a missing retiring principal: note).
 */
export const RULES: Record<FindingKind, RuleText> = {
  // kms/key-policy-overview.md ("Principal"): an asterisk gives every identity in every AWS account permission to use
  // the key, unless another statement denies it; users of other accounts only need IAM permissions of their own.
  // Conditions on aws:PrincipalOrgID or kms:CallerAccount limit it (kms/conditions-kms.md, iam/reference_policies_condition-keys.md).
  public: {
    name: 'PublicKey',
    short: 'Anyone in any AWS account can use the KMS key.',
    full: 'A key policy statement or grant allows principals of any AWS account to use the KMS key. Users in other accounts only need corresponding IAM permissions in their own accounts.',
    help: 'Do not set the Principal to "*" in a key policy statement that allows permissions unless conditions limit it (for example aws:PrincipalOrgID or kms:CallerAccount). Name the accounts or roles that need the key instead.',
    level: 'error',
  },
  // kms/key-policy-modifying-external-accounts.md: when a key policy names an external account, that account's IAM
  // administrators can delegate the permissions to any of its users and roles.
  external: {
    name: 'ExternalAccountAccess',
    short: 'A principal of an account outside the organization can use the KMS key.',
    full: 'A key policy statement or grant allows an AWS account that is neither in the world nor in its organization to use the KMS key. IAM administrators in that account decide which of its users and roles get the permission.',
    help: 'Check that the external account is meant to use this key. Limit the statement to the roles that need it and to the operations they need, and add conditions such as kms:ViaService or an encryption context.',
    level: 'error',
  },
  // kms/key-policy-default.md ("Reduces the risk of the KMS key becoming unmanageable"): a key policy does not
  // give the account any permission by itself; if no principal can manage the key, AWS Support must be contacted.
  'no-administrator': {
    name: 'NoKeyAdministrator',
    short: 'Nobody can change the key policy or the state of the KMS key.',
    full: 'No principal can call kms:PutKeyPolicy or the administration operations on the KMS key. A key policy does not give the account or any of its users permission implicitly, so the key becomes unmanageable and only AWS Support can restore access.',
    help: 'Give the account principal (arn:aws:iam::ACCOUNT:root) or a key administrator role access in the key policy, as the default key policy does.',
    level: 'warning',
  },
  // kms/iam-policies-best-practices.md: kms:PutKeyPolicy is a sensitive permission; kms/grants.md: principals with
  // kms:CreateGrant can create grants for any grant operation, without having the permission they grant;
  // kms/conditions-kms.md: kms:GrantIsForAWSResource, kms:GrantOperations and kms:ViaService limit grant creation.
  'self-escalation': {
    name: 'SelfEscalation',
    short: 'A principal can widen its own access to the KMS key.',
    full: 'A principal can call kms:PutKeyPolicy or kms:CreateGrant on the KMS key, and so can give itself (or anyone) any permission on it. kms:CreateGrant allows creating grants for any grant operation, even those the principal is not allowed itself.',
    help: 'Keep kms:PutKeyPolicy for key administrators, in the key policy of this one key. Limit kms:CreateGrant with conditions such as kms:GrantIsForAWSResource, kms:GrantOperations or kms:ViaService.',
    level: 'warning',
  },
  // kms/grants.md: grants do not expire and should be retired or revoked when no longer needed;
  // iam/reference_policies_elements_principal.md: a recreated user or role is a new principal with a new ID.
  'dangling-grant': {
    name: 'DanglingGrant',
    short: 'A grant names a principal that is not in the world.',
    full: 'The grantee or retiring principal of a grant is neither an identity of the world nor a known external account, for example a role that was deleted. Grants do not expire, and a grant that is not retired or revoked might create a security risk for encrypted resources.',
    help: 'Retire or revoke the grant if the principal no longer needs it (aws kms revoke-grant), or add the principal to the world if it exists.',
    level: 'warning',
  },
  // kms/key-state.md: a Disabled or PendingDeletion key fails cryptographic operations (DisabledException /
  // KMSInvalidStateException), and EnableKey succeeds on a Disabled key, which restores the access.
  'inactive-key-granted': {
    name: 'InactiveKeyStillGranted',
    short: 'A disabled or pending-deletion KMS key is still allowed by a policy or grant.',
    full: 'The KMS key is disabled or pending deletion, so its use fails today, but a policy statement or grant still allows it: the access returns as soon as the key is enabled again.',
    help: 'Remove the statements and grants that allow use of the key, or confirm that the access is meant to return when the key is re-enabled.',
    level: 'warning',
  },
};
