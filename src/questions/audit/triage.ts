/**
 * Triage of an audit: which findings are new since a baseline, which are unchanged, which of the baseline's are
 * resolved, and which a suppression rule accepts. Nothing is removed from the result: suppressed findings stay in
 * `findings` and are marked, so every report can count and list them separately (never hide them), and an
 * expired rule suppresses nothing and is reported as expired.
 */
import { matchesWildcard } from '../../policy/wildcard.js';
import { parseArn } from '../../policy/arn.js';
import { SERVICE_PRINCIPAL } from '../../world/grantee.js';
import type { Baseline } from './baseline-file.js';
import { findingId } from './finding-id.js';
import type { AuditResult, AuditTriage, Finding, FindingTriage } from './result.js';
import type { PrincipalClass, SuppressionFile, SuppressionRule } from './suppression-file.js';

export interface TriageInput {
  baseline?: Baseline;
  suppressions?: SuppressionFile;
  /** The day rules' expiry dates are compared with (UTC). */
  now: Date;
}

export function principalClassOf(principal: string): PrincipalClass | undefined {
  if (principal === '') return undefined;
  if (principal === '*') return 'anyone';
  if (/^\d{12}$/.test(principal)) return 'account';
  if (/^o-[a-z0-9]+$/.test(principal)) return 'organization';
  if (SERVICE_PRINCIPAL.test(principal)) return 'service';
  return 'identity';
}

function ownerAccountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return parseArn(principal)?.account || undefined;
}

/** `kms:` is optional in a rule's action, as in the query language; IAM action names are case-insensitive. */
const actionPattern = (pattern: string) => (pattern === '*' || pattern.includes(':') ? pattern : `kms:${pattern}`);

/** The names a key goes by: its ARN, its key id, and its aliases with and without `alias/`. */
function keyNames(result: AuditResult, key: string): string[] {
  const arn = parseArn(key);
  const id = arn?.resource.startsWith('key/') ? [arn.resource.slice(4)] : [];
  const aliases = result.keys.find((k) => k.key === key)?.aliases ?? [];
  return [key, ...id, ...aliases, ...aliases.map((a) => a.replace(/^alias\//, ''))];
}

function keyAccountOf(result: AuditResult, key: string): string | undefined {
  return result.keys.find((k) => k.key === key)?.account ?? parseArn(key)?.account;
}

/** Whether every matcher the rule gives matches the finding (a rule gives at least one). */
export function ruleMatches(rule: SuppressionRule, finding: Finding, result: AuditResult): boolean {
  if (rule.kinds && !rule.kinds.includes(finding.kind)) return false;
  if (rule.keys) {
    const names = keyNames(result, finding.key);
    if (!rule.keys.some((p) => names.some((name) => matchesWildcard(p, name)))) return false;
  }
  if (rule.principals && (finding.principal === '' || !rule.principals.some((p) => matchesWildcard(p, finding.principal)))) return false;
  if (rule.classes) {
    const cls = principalClassOf(finding.principal);
    if (cls === undefined || !rule.classes.includes(cls)) return false;
  }
  // Every operation must be accepted: a rule for kms:Decrypt does not accept a finding that also has kms:PutKeyPolicy.
  if (rule.actions && (finding.operations.length === 0
    || !finding.operations.every((op) => rule.actions!.some((p) => matchesWildcard(actionPattern(p), op, { ignoreCase: true }))))) return false;
  if (rule.accounts) {
    const account = keyAccountOf(result, finding.key);
    if (account === undefined || !rule.accounts.includes(account)) return false;
  }
  if (rule.principalAccounts) {
    const account = ownerAccountOf(finding.principal);
    if (account === undefined || !rule.principalAccounts.includes(account)) return false;
  }
  return true;
}

/** Whether the rule's last day is before `now` (UTC). */
export function expired(rule: Pick<SuppressionRule, 'expires'>, now: Date): boolean {
  return rule.expires !== undefined && now.toISOString().slice(0, 10) > rule.expires;
}

export function triageAudit(result: AuditResult, input: TriageInput): AuditResult {
  const baselineIds = input.baseline ? new Set(input.baseline.findings.map((f) => f.id)) : undefined;
  const rules = input.suppressions?.rules ?? [];
  const ruleExpired = rules.map((rule) => expired(rule, input.now));
  const matches = rules.map(() => 0);
  const findings: FindingTriage[] = result.findings.map((finding) => {
    const id = findingId(result, finding);
    let suppressedBy: number | undefined;
    rules.forEach((rule, i) => {
      if (!ruleMatches(rule, finding, result)) return;
      matches[i]!++;
      if (suppressedBy === undefined && !ruleExpired[i]) suppressedBy = i;
    });
    return {
      id,
      ...(baselineIds ? { baselineState: baselineIds.has(id) ? 'unchanged' as const : 'new' as const } : {}),
      ...(suppressedBy !== undefined ? { suppressedBy } : {}),
    };
  });
  const currentIds = new Set(findings.map((f) => f.id));
  const triage: AuditTriage = {
    findings,
    ...(input.baseline ? { baseline: { file: input.baseline.file, resolved: input.baseline.findings.filter((f) => !currentIds.has(f.id)) } } : {}),
    ...(input.suppressions ? {
      suppressions: {
        file: input.suppressions.file,
        rules: rules.map((rule, i) => ({
          location: rule.location, reason: rule.reason, ...(rule.expires !== undefined ? { expires: rule.expires } : {}),
          status: ruleExpired[i] ? 'expired' as const : 'active' as const, matches: matches[i]!,
        })),
      },
    } : {}),
  };
  return { ...result, triage };
}

/** The findings `--fail-on` counts: not suppressed, and new when there is a baseline. */
export function gatingFindings(result: AuditResult): Finding[] {
  const triage = result.triage;
  if (!triage) return result.findings;
  return result.findings.filter((_, i) => {
    const t = triage.findings[i]!;
    return t.suppressedBy === undefined && t.baselineState !== 'unchanged';
  });
}

/** Each finding with its triage: the active ones (not suppressed) and the suppressed ones, in the audit's order. */
export function splitSuppressed(result: AuditResult): { active: Array<[Finding, FindingTriage | undefined]>; suppressed: Array<[Finding, FindingTriage]> } {
  const active: Array<[Finding, FindingTriage | undefined]> = [];
  const suppressed: Array<[Finding, FindingTriage]> = [];
  result.findings.forEach((finding, i) => {
    const t = result.triage?.findings[i];
    if (t?.suppressedBy !== undefined) suppressed.push([finding, t]);
    else active.push([finding, t]);
  });
  return { active, suppressed };
}
