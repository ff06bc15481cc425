/**
 * Baselines and suppressions for an audit (../shared/spec/interface.md): mark each finding new or unchanged since
 * an earlier audit, list the resolved ones, and accept known findings by rule; reports show all of it.
 */
export { readBaseline, parseBaseline, type Baseline } from '../questions/audit/baseline-file.js';
export { readSuppressionFile, parseSuppressionFile, SUPPRESSION_FILE_NAME, type SuppressionFile, type SuppressionRule } from '../questions/audit/suppression-file.js';
export { triageAudit, gatingFindings, type TriageInput } from '../questions/audit/triage.js';
export { findingId } from '../questions/audit/finding-id.js';
export type { AuditTriage, FindingTriage, ResolvedFinding, SuppressionRuleStatus, BaselineState } from '../questions/audit/result.js';
