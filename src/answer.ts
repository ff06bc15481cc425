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
  /**
   * With DENY: at most three alternative smallest sets of changes that would allow the request, found by the Z3
   * engine and each checked by the reference evaluator (applied to a copy of the world, the request is ALLOWED).
   * Empty when no change keyproof proposes allows it (e.g. an operation that does not work across accounts).
   */
  whyNot?: WhyNotAlternative[];
  /** With `whyNot`: why the search for changes stopped short (the solver's reason), when it did. */
  whyNotIncomplete?: string;
  /** With an empty `whyNot`: what stands in the way that no change keyproof proposes can overcome. */
  whyNotLimits?: WhyNotLimit[];
}

/** A policy statement as JSON, the form a change proposes to add (iam/reference_policies_grammar.md). */
export interface StatementJson {
  Sid: string;
  Effect: 'Allow';
  Principal?: { AWS: string } | { Service: string };
  Action: string;
  Resource: string;
}

/**
 * One change to the world that takes part in allowing a denied request. `level`: `account` for what the key's or
 * the caller's account can change itself; `organization` for SCPs and RCPs, which only the organization's
 * management account (or a delegated administrator) can change.
 */
export type WhyNotChange = { level: 'account' | 'organization' } & (
  /** Add this statement to the key policy (kms/key-policy-overview.md). */
  | { kind: 'add-key-policy-statement'; key: string; statement: StatementJson }
  /** Attach a new inline policy with this statement to the caller's user or role (kms/iam-policies.md). */
  | { kind: 'add-iam-policy'; identity: string; policyName: string; statement: StatementJson }
  /** Add this Allow to the permissions boundary (iam/access_policies_boundaries.md). */
  | { kind: 'add-boundary-statement'; identity: string; policy: string; statement: StatementJson }
  /** Add this Allow to an SCP attached on the caller's path (AWS Organizations user guide, "SCP evaluation"). */
  | { kind: 'add-scp-statement'; policy: string; statement: StatementJson }
  /** Create a grant for the caller (kms/grants.md); only for the grant operations. */
  | { kind: 'add-grant'; key: string; granteePrincipal: string; operations: string[] }
  /**
   * Narrow a Deny statement so that it no longer applies to the caller: add the condition `condition` (for example
   * `{ ArnNotEquals: { 'aws:PrincipalArn': ARN } }`) to it.
   */
  | { kind: 'narrow-deny'; deny: MatchedStatement; condition: Record<string, Record<string, string>> }
  /** Bring the key from state `from` to state `to` with these API calls, in order (kms/key-state.md). */
  | { kind: 'key-state'; key: string; from: string; to: string; calls: string[] }
);

/**
 * What no proposed change overcomes: `not-cross-account`, the operation cannot be used on a key of another account
 * (kms/key-policy-modifying-external-accounts.md); `key-state`, the key's state blocks the operation and its owner
 * has no call that leads to a state that does not (kms/key-state.md); `unknown-policies`, a policy whose document
 * keyproof does not know could deny whatever is changed, so no change can be shown to allow.
 */
export type WhyNotLimit = 'not-cross-account' | 'key-state' | 'unknown-policies';

/** A set of changes that together allow the request; none of them can be left out. */
export interface WhyNotAlternative {
  changes: WhyNotChange[];
}
