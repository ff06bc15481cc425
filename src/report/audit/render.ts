/** One audit (or reach) answer in the format asked for: the one place that maps `--format` to a renderer. */
import type { AuditResult } from '../../questions/audit/result.js';
import { renderAuditHtml } from './html.js';
import { renderAuditMarkdown } from './markdown.js';
import { renderAuditSarif } from './sarif.js';
import { renderAuditText } from './text.js';

export const AUDIT_FORMATS = ['text', 'json', 'md', 'sarif', 'html'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export function renderAuditReport(result: AuditResult, format: AuditFormat, tool: { version: string; title?: string }): string {
  switch (format) {
    case 'json': return JSON.stringify(result, null, 2) + '\n';
    case 'md': return renderAuditMarkdown(result);
    case 'sarif': return renderAuditSarif(result, { version: tool.version });
    case 'html': return renderAuditHtml(result, tool.title ? { title: tool.title } : {});
    case 'text': return renderAuditText(result);
  }
}
