/**
 * The answer to one concrete check, shared by both engines (reference evaluator and Z3 engine) and printed by
 * `keyproof check --format json` exactly as ../shared/spec/interface.md section 2 fixes it.
 */

/** Where a policy sits, for the `matched[].source` field of interface.md section 2. */
export type PolicySource =
  | 'key-policy' | 'iam-policy' | 'grant' | 'scp' | 'rcp' | 'permissions-boundary' | 'trust-policy';

export type Decision = 'ALLOW' | 'DENY' | 'UNKNOWN';
export type Reason = 'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY' | 'KEY_STATE' | 'UNKNOWN';

/** A statement or grant that took part in the decision. */
export interface MatchedStatement {
  source: PolicySource;
  /** Policy name, managed policy ARN, SCP/RCP name, or grant id. */
  policy: string;
  /** The Sid, or the statement's index in the policy when it has none (for a grant: its name or id). */
  sid: string;
  effect: 'Allow' | 'Deny';
  /** Where the statement is written (file:line:column and JSON pointer); not part of the minimum interface. */
  location?: string;
}

/** One question of the flowchart (kms/policy-evaluation.md), its answer, and what answered it. */
export interface TraceStep {
  part: 'use-authorization' | 'key-trust' | 'role-assumption';
  question: string;
  answer: boolean;
  /** What answered the question (empty when no statement did). */
  by: MatchedStatement[];
  /** A note for the reader, e.g. which identity the step was asked for. */
  note?: string;
}

export interface CheckAnswer {
  decision: Decision;
  reason: Reason;
  trusted: boolean;
  /** The chain of identities used, the caller first (length 1 without role assumption). */
  path: string[];
  matched: MatchedStatement[];
  trace: TraceStep[];
  /** With UNKNOWN: why the engine could not decide. */
  detail?: string;
  /** With UNKNOWN: the policies whose unknown documents could change the answer (none when the solver timed out). */
  unknownPolicies?: Array<{ arn: string; attachedTo: string; use: 'attached' | 'boundary' }>;
  /** What the answer assumes that the world does not say (e.g. the IAM policies of a principal outside it). */
  assumptions?: string[];
  /**
   * Parts the world lacks (not collected, or not in an iam-collect store) that bear on the request: with UNKNOWN,
   * why; with ALLOW, parts that could only add access (grants, aliases).
   */
  undecided?: string[];
}
