/**
 * The questions of the flowchart (kms/policy-evaluation.md), worded once for both engines' traces.
 * `policy` is "the key policy" or "the trust policy".
 */
export const QUESTIONS = {
  explicitDeny: 'Is there an explicit DENY in the key policy, an IAM policy, a permissions boundary, an SCP or an RCP?',
  explicitDenyAssumeRole: 'Is there an explicit DENY of sts:AssumeRole on this role?',
  rootCannotAssume: 'Is the caller an identity that can assume roles (not the account root user)?',
  hasTrustPolicy: 'Does the role have a trust policy?',
  scpAllows: (action: string) => `Do the SCPs at every level from the organization root down to the caller's account ALLOW ${action}?`,
  crossAccount: (action: string) => `Does ${action} work across accounts?`,
  serviceAllowed: (policy: string) => `Does ${policy} ALLOW this service principal to perform this action?`,
  callerAllowed: (policy: string) => `Does ${policy} ALLOW the caller to perform this action?`,
  accountDelegated: (policy: string) => `Does ${policy} ALLOW the caller's account to use IAM policies to control access?`,
  iamAllows: 'Does an IAM policy ALLOW the caller to perform this action (within its permissions boundary)?',
  otherAccountNamed: (policy: string) => `Does ${policy} ALLOW the caller or the caller's account (another account) to perform this action?`,
  otherAccountIamAllows: "Does an IAM policy in the caller's account ALLOW the caller to perform this action (within its permissions boundary)?",
  grantAllows: 'Does a grant ALLOW the caller to perform this action?',
  keyState: (state: string, action: string) => `Does the key state (${state}) allow ${action}?`,
  explicitDenyAccount: 'Is there an explicit DENY in an IAM policy, a permissions boundary or an SCP?',
  ownAccount: (action: string) => `Is ${action} asked in the caller's own account (it uses no KMS key and does not work across accounts)?`,
  trustService: 'Is the caller an AWS service principal (which has no account of its own)?',
  trustSameAccount: "Is the KMS key in the caller's account?",
  trustIam: "Does an IAM policy in the caller's account ALLOW the caller to use the key?",
  trustGrant: 'Does a grant ALLOW the caller to use the key?',
} as const;
