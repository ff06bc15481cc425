/**
 * What `audit` and `reach` answer, shared by every report format (text, Markdown, JSON, SARIF, HTML).
 * The answer is data only: reports render it and never ask further questions.
 */
import type { MatchedStatement } from '../../answer.js';
import type { SourceLocation } from '../../errors.js';
import type { JsonPatchOperation } from '../../input/json-patch.js';
import type { OperationGroup } from '../../kms/operations.js';
import type { Requirement } from '../access/requirements.js';

/** Where a principal that has access comes from. */
export type AccessOrigin =
  /** An identity of the world (user, role, account root). */
  | 'world'
  /** Any principal of an external account that a key policy or grant names. */
  | 'external-account'
  /** Any principal of an organization account that the world does not describe. */
  | 'organization'
  /** An AWS service principal. */
  | 'service'
  /** Any principal at all. */
  | 'anyone';

/** How each class of principals outside the world appears as an origin. */
export const CLASS_ORIGIN: Record<'account' | 'organization' | 'service' | 'anyone', AccessOrigin> = {
  account: 'external-account', organization: 'organization', service: 'service', anyone: 'anyone',
};

export interface AuditAccess {
  /** An ARN of the world, or the class value (account id, organization id, service principal, `*`). */
  principal: string;
  origin: AccessOrigin;
  /** The operations of the group it can perform (`kms:Decrypt`, ...). */
  operations: string[];
  /** The role chain used, caller first; empty when no role is assumed. */
  path: string[];
  via: Array<'key-policy' | 'iam-policy' | 'grant'>;
  /** Conditions that must hold (human-readable), those of every role assumed included; empty when none. */
  conditions: string[];
  /** The conditions as data (see who-can's `requires`). */
  requires: Requirement[];
  /** The statements and grants that allow it, each role assumption's included (for the first operation listed). */
  matched: MatchedStatement[];
}

export interface AuditGroup {
  group: OperationGroup;
  title: string;
  access: AuditAccess[];
}

export interface AuditKey {
  key: string;
  account: string;
  state: string;
  aliases: string[];
  groups: AuditGroup[];
  /** Where the key is defined in the world file. */
  location?: SourceLocation;
}

export type FindingKind =
  /** Anyone at all (any AWS account) can use the key. */
  | 'public'
  /** A principal of an account outside the world and outside the organization can use the key. */
  | 'external'
  /** Nobody can change the key's policy or its state (kms:PutKeyPolicy and the administration operations). */
  | 'no-administrator'
  /** A principal can widen its own access: kms:PutKeyPolicy or kms:CreateGrant. */
  | 'self-escalation'
  /** A grant whose grantee or retiring principal is not an identity of the world (nor an external account). */
  | 'dangling-grant'
  /** A key that is disabled or pending deletion, yet a policy or grant still allows its use. */
  | 'inactive-key-granted';

/** Every finding kind, once (a Record, so that a new kind cannot be forgotten here). */
const KIND_SET: Record<FindingKind, true> = {
  public: true, external: true, 'no-administrator': true, 'self-escalation': true, 'dangling-grant': true, 'inactive-key-granted': true,
};
export const FINDING_KINDS = Object.keys(KIND_SET) as FindingKind[];

export type FindingSeverity = 'error' | 'warning' | 'note';

export interface Finding {
  kind: FindingKind;
  severity: FindingSeverity;
  key: string;
  /** The principal (ARN or class value) the finding is about; `*` for anyone; empty when about the key only. */
  principal: string;
  operations: string[];
  message: string;
  /** The input that causes it: the statement or grant (or the key, when no statement does). */
  location?: SourceLocation;
}

/** One node of the reachability graph. */
export interface GraphNode {
  /** ARN (or class value) — unique. */
  id: string;
  kind: 'user' | 'role' | 'root' | 'service' | 'key' | 'outside';
  label: string;
  account?: string;
}

/** An edge: a principal can assume a role, or can perform operations on a key. */
export interface GraphEdge {
  from: string;
  to: string;
  kind: 'assume-role' | 'key-access';
  operations: string[];
  /** The statements or grants that create the edge (trust policy, IAM policy, key policy, grant). */
  by: MatchedStatement[];
  conditions: string[];
}

export interface ReachGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Who can perform one operation that uses no KMS key in an account (src/questions/audit/account-part.ts). */
export interface AuditAccountOperation {
  action: string;
  principals: Array<{
    /** An identity of the world. */
    principal: string;
    /** The role chain used, caller first; empty when no role is assumed. */
    path: string[];
    via: Array<'key-policy' | 'iam-policy' | 'grant'>;
    conditions: string[];
    requires: Requirement[];
    /** The context values a request verified by the reference evaluator chooses. */
    example: Record<string, string[]>;
  }>;
}

/** One account of the world: each operation that uses no KMS key (kms:CreateKey, kms:ListKeys...), and who can perform it there. */
export interface AuditAccount {
  account: string;
  operations: AuditAccountOperation[];
}

/** The world's organization, as far as the reports need it: which accounts are its members. */
export interface AuditOrganization {
  id: string;
  accounts: string[];
}

export interface AuditResult {
  world: string;
  /**
   * The world's organization (absent when the world describes none): what tells another account of the same
   * organization (Access Analyzer's INTRA_ORG) from an account outside it.
   */
  organization?: AuditOrganization;
  keys: AuditKey[];
  /** Per account of the world, who can perform the operations that use no key; absent in an audit of some keys only (reach). */
  accounts?: AuditAccount[];
  findings: Finding[];
  graph: ReachGraph;
  /** false when some question could not be decided in time, or a part of the estate was not collected; `undecided` says which. */
  complete: boolean;
  undecided: string[];
  /** The fix of each finding, index for index (`--fix`); null for a finding keyproof has no fix for. */
  fixes?: Array<FindingFix | null>;
  /** Set when the audit was compared with a baseline or read with suppression rules (`--baseline`, `--suppress`). */
  triage?: AuditTriage;
}

/** The smallest documented change that removes a finding, and whether asking again showed that it does. */
export interface FindingFix {
  /** The statement or grant to change, with where it is written. */
  target: string;
  /** The change, in words. */
  change: string;
  /** The change as a JSON Patch (RFC 6902) of `file`; absent when keyproof can say the fix only in words. */
  patch?: JsonPatchOperation[];
  file?: string;
  /** AWS documentation pages (kms/..., iam/...). */
  cites: string[];
  /**
   * checked: on the patched world the finding is gone and nobody lost any other access to the key;
   * failed: the finding remains, or other access is lost (checkNote says which); unchecked: not asked (checkNote says why).
   */
  check: 'checked' | 'failed' | 'unchecked';
  checkNote: string;
}

/** Whether a finding was in the baseline: `new` (not there) or `unchanged` (there, by its id). */
export type BaselineState = 'new' | 'unchanged';

/** What the audit says of one finding, beyond the finding itself (index for index with AuditResult.findings). */
export interface FindingTriage {
  /** The finding's id across runs (src/questions/audit/finding-id.ts). */
  id: string;
  /** Only with a baseline. */
  baselineState?: BaselineState;
  /** The suppression rule that accepts the finding (an index into `suppressions.rules`); the finding is still reported. */
  suppressedBy?: number;
}

/** A finding of the baseline that this audit no longer finds. */
export type ResolvedFinding = { id: string } & Pick<Finding, 'kind' | 'severity' | 'key' | 'principal' | 'operations' | 'message'>;

/** A suppression rule as the report shows it: where it is written, why, until when, and whether it still applies. */
export interface SuppressionRuleStatus {
  location: SourceLocation;
  reason: string;
  /** The last day (UTC, YYYY-MM-DD) on which the rule applies. */
  expires?: string;
  /** `expired`: past its expiry date, the rule no longer suppresses anything. */
  status: 'active' | 'expired';
  /** The findings it suppresses (active), or would suppress (expired). */
  matches: number;
}

export interface AuditTriage {
  findings: FindingTriage[];
  baseline?: { file: string; resolved: ResolvedFinding[] };
  suppressions?: { file: string; rules: SuppressionRuleStatus[] };
}

/** Finding kinds that `--fail-on` selects: `external` also fails on public keys (anyone includes outsiders). */
export const FAIL_ON_KINDS: Record<'public' | 'external', readonly FindingKind[]> = {
  public: ['public'],
  external: ['public', 'external'],
};
