/**
 * The words every audit report uses for a baseline and suppression rules (text, Markdown, HTML), so that they say
 * the same thing: how the findings compare with the baseline, and which rule accepts a finding and why.
 */
import { formatLocation, type SourceLocation } from '../../errors.js';
import type { AuditTriage, SuppressionRuleStatus } from '../../questions/audit/result.js';

/** `file:line:column` of a rule (its JSON pointer only when the line is not known): what an editor opens. */
const ruleAt = (at: SourceLocation) => (at.line !== undefined ? `${at.file}:${at.line}:${at.column ?? 1}` : formatLocation(at));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `compared with the baseline prev.json: 2 new, 3 unchanged, 1 resolved`; undefined without a baseline. */
export function baselineSummary(triage: AuditTriage | undefined): string | undefined {
  if (!triage?.baseline) return undefined;
  const count = (state: 'new' | 'unchanged') => triage.findings.filter((f) => f.baselineState === state).length;
  return `compared with the baseline ${triage.baseline.file}: ${count('new')} new, ${count('unchanged')} unchanged, ${triage.baseline.resolved.length} resolved`;
}

/** `accepted by keyproof.suppress.yaml:3:5 until 2027-06-30: the partner decrypts exchanged files`. */
export function suppressionText(rule: SuppressionRuleStatus): string {
  const until = rule.expires !== undefined ? ` until ${rule.expires}` : '';
  return `accepted by ${ruleAt(rule.location)}${until}: ${rule.reason}`;
}

/** What became of a rule that no longer applies, or that accepts nothing; undefined for a rule in use. */
export function ruleProblem(rule: SuppressionRuleStatus): string | undefined {
  if (rule.status === 'expired') {
    return `${ruleAt(rule.location)}: expired on ${rule.expires}, no longer applies (${plural(rule.matches, 'finding')} it matched reported again): ${rule.reason}`;
  }
  if (rule.matches === 0) return `${ruleAt(rule.location)}: matches no finding: ${rule.reason}`;
  return undefined;
}

/** `3 suppression rules from F: 2 in use, 1 expired`. */
export function rulesSummary(triage: AuditTriage | undefined): string | undefined {
  const s = triage?.suppressions;
  if (!s) return undefined;
  const expired = s.rules.filter((r) => r.status === 'expired').length;
  const unused = s.rules.filter((r) => r.status === 'active' && r.matches === 0).length;
  const parts = [`${s.rules.length - expired - unused} in use`, ...(expired > 0 ? [`${expired} expired`] : []), ...(unused > 0 ? [`${unused} matching nothing`] : [])];
  return `${plural(s.rules.length, 'suppression rule')} from ${s.file}: ${parts.join(', ')}`;
}
