/**
 * An audit finding as the pipeline formats see it (findings-json, ASFF, OCSF): the finding of the AuditResult,
 * joined with the access entries it is about (their conditions, role chain and the statements that allow it), and
 * named the way IAM Access Analyzer names access (principal type and owner account, access type). Read from the
 * AuditResult only: nothing here asks a question again or decides what is a finding.
 */
import { OUTSIDER_POLICY_NAME } from '../../questions/symbolic/outsider.js';
import type { MatchedStatement, PolicySource } from '../../answer.js';
import { formatLocation } from '../../errors.js';
import type { OperationGroup } from '../../kms/operations.js';
import { parseArn } from '../../policy/arn.js';
import type { AuditAccess, AuditOrganization, AuditResult, Finding, FindingFix, SuppressionRuleStatus } from '../../questions/audit/result.js';
import { accessesOf, findingFingerprint, operationGroupsOf, rolePathOf } from '../../questions/audit/finding-id.js';
import { RULES, type RuleText } from './finding-rules.js';

/** Access Analyzer's access types, for keys: who, relative to the key's account, the finding is about. */
export type AccessType = 'INTRA_ACCOUNT' | 'INTRA_ORG' | 'EXTERNAL' | 'PUBLIC';

export type PrincipalType = 'IAM_USER' | 'IAM_ROLE' | 'ROLE_SESSION' | 'ACCOUNT' | 'SERVICE' | 'ORGANIZATION' | 'ANYONE' | 'NONE';

/** What grants the access: a key policy statement, a grant, an IAM policy statement, or a chain of roles. */
export interface FindingSource {
  type: 'KEY_POLICY' | 'GRANT' | 'IAM_POLICY' | 'TRUST_POLICY' | 'ROLE_CHAIN';
  /** The policy name or ARN, or the grant id; for a role chain, the roles assumed in order. */
  policy?: string;
  statement?: string;
  effect?: 'Allow' | 'Deny';
  path?: string[];
  /** Where it is written: file:line:column (JSON pointer). */
  location?: string;
}

export interface FindingView {
  /** Stable across runs: a fingerprint of the kind, key, principal (or class), action groups and role chain. */
  id: string;
  finding: Finding;
  rule: RuleText;
  resource: string;
  resourceAccount: string;
  region: string;
  partition: string;
  principalType: PrincipalType;
  principalOwnerAccount?: string;
  accessType: AccessType;
  actionGroups: OperationGroup[];
  /** The conditions under which the access holds (human-readable); empty when none. */
  conditions: string[];
  /** The role chain, caller first; empty when no role is assumed. */
  path: string[];
  sources: FindingSource[];
  /** Where the statement or grant that causes the finding is written. */
  location?: string;
}

/**
 * The policies that give access, by source. SCPs, RCPs and permissions boundaries only limit what the others allow
 * (iam/reference_policies_evaluation-logic.md), so an Allow of theirs (FullAWSAccess) is not where access comes from.
 */
const SOURCE_TYPE: Partial<Record<PolicySource, FindingSource['type']>> = {
  'key-policy': 'KEY_POLICY', grant: 'GRANT', 'iam-policy': 'IAM_POLICY', 'trust-policy': 'TRUST_POLICY',
};

const ARN_KIND: Array<[RegExp, PrincipalType]> = [
  [/^iam:user\//, 'IAM_USER'], [/^iam:role\//, 'IAM_ROLE'], [/^sts:assumed-role\//, 'ROLE_SESSION'], [/^iam:root$/, 'ACCOUNT'],
];

function principalTypeOf(principal: string, access: AuditAccess | undefined): PrincipalType {
  if (principal === '') return 'NONE';
  if (principal === '*' || access?.origin === 'anyone') return 'ANYONE';
  if (access?.origin === 'organization' || /^o-[a-z0-9]+$/.test(principal)) return 'ORGANIZATION';
  if (access?.origin === 'service' || /\.amazonaws\.com(\.cn)?$/.test(principal)) return 'SERVICE';
  if (/^\d{12}$/.test(principal)) return 'ACCOUNT';
  const arn = parseArn(principal);
  const kind = arn ? ARN_KIND.find(([pattern]) => pattern.test(`${arn.service}:${arn.resource}`)) : undefined;
  return kind ? kind[1] : 'NONE';
}

function ownerAccountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const account = parseArn(principal)?.account;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * Access Analyzer's access types, relative to the key's account and its organization: PUBLIC: anyone; INTRA_ACCOUNT:
 * the key's own account (or the key itself); INTRA_ORG: another account of the organization the key's account is
 * in; EXTERNAL: any other account, those the world describes included (an account of the world outside the
 * organization, or any other account when the world has no organization). An organization class (`o-...`) is
 * INTRA_ORG when it is the key's organization. An AWS service principal has no account of its own and acts for
 * the caller of the service (kms:CallerAccount, kms/conditions-kms.md): it counts as the key's account, as the
 * external findings of the audit do not count services either.
 */
function accessTypeOf(
  finding: Finding, accesses: readonly AuditAccess[], owner: string | undefined, keyAccount: string, organization: AuditOrganization | undefined,
): AccessType {
  if (finding.kind === 'public' || finding.principal === '*' || accesses.some((a) => a.origin === 'anyone')) return 'PUBLIC';
  if (finding.kind === 'external' || accesses.some((a) => a.origin === 'external-account')) return 'EXTERNAL';
  if (finding.principal === '' || owner === keyAccount) return 'INTRA_ACCOUNT';
  const keyInOrganization = organization !== undefined && organization.accounts.includes(keyAccount);
  if (owner !== undefined) return keyInOrganization && organization!.accounts.includes(owner) ? 'INTRA_ORG' : 'EXTERNAL';
  if (principalTypeOf(finding.principal, accesses[0]) === 'ORGANIZATION') {
    return keyInOrganization && finding.principal === organization!.id ? 'INTRA_ORG' : 'EXTERNAL';
  }
  return 'INTRA_ACCOUNT';
}

function sourceOf(m: MatchedStatement): FindingSource | undefined {
  const type = SOURCE_TYPE[m.source];
  if (type === undefined || m.effect !== 'Allow') return undefined;
  return {
    type, policy: m.policy, statement: m.sid, effect: m.effect, ...(m.location !== undefined ? { location: m.location } : {}),
  };
}

/** The sources, each once, in the order found; the role chain last. */
function sourcesOf(accesses: readonly AuditAccess[]): FindingSource[] {
  const seen = new Set<string>();
  const sources: FindingSource[] = [];
  for (const access of accesses) {
    for (const m of access.matched) {
      // An outsider's own IAM policies are what the finding assumes, not where the access comes from.
      if (m.policy === OUTSIDER_POLICY_NAME) continue;
      const source = sourceOf(m);
      if (!source) continue;
      const key = JSON.stringify([source.type, source.policy, source.statement, source.effect]);
      if (!seen.has(key)) {
        seen.add(key);
        sources.push(source);
      }
    }
  }
  const chain = accesses.find((a) => a.path.length > 1);
  if (chain) sources.push({ type: 'ROLE_CHAIN', path: chain.path });
  return sources;
}

export function viewFinding(result: AuditResult, finding: Finding): FindingView {
  const key = parseArn(finding.key);
  const keyAccount = key?.account ?? result.keys.find((k) => k.key === finding.key)?.account ?? '';
  const accesses = accessesOf(result, finding);
  const owner = ownerAccountOf(finding.principal);
  const path = rolePathOf(accesses);
  const actionGroups = operationGroupsOf(finding.operations);
  const conditions = [...new Set(accesses.flatMap((a) => a.conditions))];
  return {
    id: findingFingerprint(finding, path),
    finding,
    rule: RULES[finding.kind],
    resource: finding.key,
    resourceAccount: keyAccount,
    region: key?.region ?? '',
    partition: key?.partition ?? 'aws',
    principalType: principalTypeOf(finding.principal, accesses[0]),
    ...(owner !== undefined ? { principalOwnerAccount: owner } : {}),
    accessType: accessTypeOf(finding, accesses, owner, keyAccount, result.organization),
    actionGroups,
    conditions,
    path,
    sources: sourcesOf(accesses),
    ...(finding.location ? { location: formatLocation(finding.location) } : {}),
  };
}

/** A fix in one paragraph, for the formats that have a single remediation text (ASFF, OCSF). */
export function fixText(fix: FindingFix): string {
  return `${fix.change} (${fix.target}; ${fix.check}: ${fix.checkNote}; see ${fix.cites.join(', ')})`;
}

/** The severity on the scale the pipeline formats share (ASFF's labels; OCSF maps them to its ids). */
export type SeverityLabel = 'HIGH' | 'MEDIUM' | 'LOW';

export const SEVERITY_LABEL: Record<Finding['severity'], SeverityLabel> = { error: 'HIGH', warning: 'MEDIUM', note: 'LOW' };

/** `text` cut to `limit` characters, marked with an ellipsis when cut (ASFF limits Title, Description...). */
export function truncated(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export function viewFindings(result: AuditResult): FindingView[] {
  return result.findings.map((finding) => viewFinding(result, finding));
}

/** A finding as the pipeline formats report it: active, suppressed by a rule (still reported), or resolved since the baseline. */
export interface TriagedView {
  view: FindingView;
  status: 'active' | 'suppressed' | 'resolved';
  baselineState?: 'new' | 'unchanged';
  rule?: SuppressionRuleStatus;
  fix?: FindingFix;
}

/** Every finding of the audit, then the baseline's resolved ones (with the baseline's ids). */
export function triagedViews(result: AuditResult): TriagedView[] {
  const triage = result.triage;
  const current: TriagedView[] = result.findings.map((finding, i) => {
    const t = triage?.findings[i];
    const rule = t?.suppressedBy !== undefined ? triage!.suppressions!.rules[t.suppressedBy] : undefined;
    return {
      view: viewFinding(result, finding),
      status: rule ? 'suppressed' : 'active',
      ...(t?.baselineState !== undefined ? { baselineState: t.baselineState } : {}),
      ...(rule ? { rule } : {}),
      ...(result.fixes?.[i] ? { fix: result.fixes[i]! } : {}),
    };
  });
  const resolved: TriagedView[] = (triage?.baseline?.resolved ?? []).map((f) => {
    const { id, ...finding } = f;
    return { view: { ...viewFinding(result, finding), id }, status: 'resolved' };
  });
  return [...current, ...resolved];
}
