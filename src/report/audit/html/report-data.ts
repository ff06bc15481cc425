/**
 * The data block of the HTML report: what the page script reads from `<script type="application/json" id="data">`.
 * It is the audit result unchanged, plus what is easier to compute here than in the page: the graph layout, and
 * source locations already written the way every other keyproof report writes them.
 */
import { formatLocation, type SourceLocation } from '../../../errors.js';
import type { AuditResult } from '../../../questions/audit/result.js';
import { layoutGraph, type GraphLayout } from './graph-layout.js';

export interface ReportData {
  title: string;
  result: AuditResult;
  layout: GraphLayout;
  /** `formatLocation` of each key and each finding, index for index; empty when the result gives none. */
  locations: { keys: string[]; findings: string[] };
}

export function reportData(result: AuditResult, title: string): ReportData {
  const format = (item: { location?: SourceLocation }) => (item.location ? formatLocation(item.location) : '');
  return {
    title,
    result,
    layout: layoutGraph(result.graph),
    locations: { keys: result.keys.map(format), findings: result.findings.map(format) },
  };
}
