/**
 * Baselines, suppressions and fixes for an audit (../shared/spec/interface.md, docs/findings.md): mark each finding
 * new or unchanged since an earlier audit, list the resolved ones, accept known findings by rule, and propose
 * checked fixes; reports show all of it. Bad arguments are InputErrors, as everywhere in the library.
 */
import { InputError } from '../errors.js';
import { readBaseline as readBaselineFile, type Baseline } from '../questions/audit/baseline-file.js';
import { findingId as idOf } from '../questions/audit/finding-id.js';
import type { AuditResult, Finding } from '../questions/audit/result.js';
import { readSuppressionFile as readRulesFile, type SuppressionFile } from '../questions/audit/suppression-file.js';
import { gatingFindings as gating, triageAudit as triage, type TriageInput } from '../questions/audit/triage.js';
import { argumentsObject, stringArgument } from './arguments.js';

export { parseBaseline, type Baseline } from '../questions/audit/baseline-file.js';
export { parseSuppressionFile, SUPPRESSION_FILE_NAME, type SuppressionFile, type SuppressionRule } from '../questions/audit/suppression-file.js';
export type { TriageInput } from '../questions/audit/triage.js';
export type { AuditTriage, FindingTriage, ResolvedFinding, SuppressionRuleStatus, BaselineState, FindingFix } from '../questions/audit/result.js';

function auditArgument(value: unknown, where: string): AuditResult {
  const result = argumentsObject(value, where);
  if (!Array.isArray(result['findings']) || !Array.isArray(result['keys'])) throw new InputError(undefined, `${where}: expected an audit result (with "keys" and "findings")`);
  return result as unknown as AuditResult;
}

export const readBaseline = (file: string): Baseline => readBaselineFile(stringArgument(file, 'readBaseline(file)'));
export const readSuppressionFile = (file: string): SuppressionFile => readRulesFile(stringArgument(file, 'readSuppressionFile(file)'));

export function triageAudit(result: AuditResult, input: TriageInput): AuditResult {
  const args = argumentsObject(input, 'triageAudit(result, input)');
  if (!(args['now'] instanceof Date) || Number.isNaN(args['now'].getTime())) throw new InputError(undefined, 'triageAudit: input.now: expected a Date');
  return triage(auditArgument(result, 'triageAudit(result)'), input);
}

export const gatingFindings = (result: AuditResult): Finding[] => gating(auditArgument(result, 'gatingFindings(result)'));

export function findingId(result: Pick<AuditResult, 'keys'>, finding: Finding): string {
  argumentsObject(result, 'findingId(result)');
  const f = argumentsObject(finding, 'findingId(finding)');
  if (typeof f['kind'] !== 'string' || typeof f['key'] !== 'string' || typeof f['principal'] !== 'string' || !Array.isArray(f['operations'])) {
    throw new InputError(undefined, 'findingId(finding): expected a finding of an audit result (kind, key, principal, operations)');
  }
  return idOf(result, finding);
}
