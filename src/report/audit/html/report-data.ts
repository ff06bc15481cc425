/**
 * The data block of the HTML report: what the page script reads from `<script type="application/json" id="data">`.
 * It is the audit result unchanged, plus what is easier to compute here than in the page: the graph layout, and
 * source locations already written the way every other keyproof report writes them.
 */
import { formatLocation, type SourceLocation } from '../../../errors.js';
import type { AuditResult } from '../../../questions/audit/result.js';
import { layoutGraph, type GraphLayout } from './graph-layout.js';
import { baselineSummary, ruleProblem, rulesSummary, suppressionText } from '../triage-words.js';

export interface ReportData {
  title: string;
  result: AuditResult;
  layout: GraphLayout;
  /** `formatLocation` of each key and each finding, index for index; empty when the result gives none. */
  locations: { keys: string[]; findings: string[] };
  /**
   * With a baseline or suppression rules, index for index with the findings: the baseline state ('' without one)
   * and the words of the rule that suppresses it ('' when none); `notes`: the summaries, the resolved findings and
   * the rules' problems, one line each, shown above the findings table.
   */
  triage?: { states: string[]; suppressions: string[]; notes: string[] };
}

function triageData(result: AuditResult): ReportData['triage'] {
  const triage = result.triage;
  if (!triage) return undefined;
  const rules = triage.suppressions?.rules ?? [];
  const notes = [
    ...[baselineSummary(triage)].filter((n): n is string => n !== undefined),
    ...(triage.baseline?.resolved ?? []).map((f) => `resolved since the baseline: [${f.kind}] ${f.message}`),
    ...[rulesSummary(triage)].filter((n): n is string => n !== undefined),
    ...rules.map(ruleProblem).filter((n): n is string => n !== undefined).map((n) => `suppression rule ${n}`),
  ];
  return {
    states: triage.findings.map((t) => t.baselineState ?? ''),
    suppressions: triage.findings.map((t) => (t.suppressedBy !== undefined ? suppressionText(rules[t.suppressedBy]!) : '')),
    notes,
  };
}

export function reportData(result: AuditResult, title: string): ReportData {
  const format = (item: { location?: SourceLocation }) => (item.location ? formatLocation(item.location) : '');
  return {
    title,
    result,
    layout: layoutGraph(result.graph),
    locations: { keys: result.keys.map(format), findings: result.findings.map(format) },
    ...(result.triage ? { triage: triageData(result) } : {}),
  };
}
