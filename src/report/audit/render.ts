/** One audit (or reach) answer in the format asked for: the one place that maps `--format` to a renderer. */
import type { AuditResult } from '../../questions/audit/result.js';
import { renderAuditAsff } from './asff.js';
import { renderAuditFindingsJson } from './findings-json.js';
import { renderAuditHtml } from './html.js';
import { renderAuditOcsf } from './ocsf.js';
import { renderAuditMarkdown } from './markdown.js';
import { renderAuditSarif } from './sarif.js';
import { renderAuditText } from './text.js';

export const AUDIT_FORMATS = ['text', 'json', 'md', 'sarif', 'html', 'findings-json', 'asff', 'ocsf'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** Formats a program reads (no progress bar on the terminal for them). */
export const MACHINE_AUDIT_FORMATS: readonly AuditFormat[] = ['json', 'sarif', 'findings-json', 'asff', 'ocsf'];

/** `colors`: colour the text format (on a terminal only). `now`: the time the pipeline formats stamp on findings (default: the current time). */
export function renderAuditReport(result: AuditResult, format: AuditFormat, tool: { version: string; title?: string; now?: Date; colors?: boolean }): string {
  const stamped = { version: tool.version, now: tool.now ?? new Date() };
  switch (format) {
    case 'json': return JSON.stringify(result, null, 2) + '\n';
    case 'md': return renderAuditMarkdown(result, tool.title ? { title: tool.title } : {});
    case 'sarif': return renderAuditSarif(result, { version: tool.version });
    case 'html': return renderAuditHtml(result, tool.title ? { title: tool.title } : {});
    case 'text': return renderAuditText(result, { ...(tool.title ? { title: tool.title } : {}), colors: tool.colors ?? false });
    case 'findings-json': return renderAuditFindingsJson(result, stamped);
    case 'asff': return renderAuditAsff(result, stamped);
    case 'ocsf': return renderAuditOcsf(result, stamped);
  }
}
