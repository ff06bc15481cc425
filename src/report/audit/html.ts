/**
 * Renders an audit as one self-contained HTML file: the graph of who reaches which key, per-key tables of who can
 * do what and why, and the findings, with a search box and filters. The file makes no network request (inline
 * style and script only, allowed by hash in a Content-Security-Policy with `default-src 'none'`); the audit is
 * embedded as escaped JSON and the page writes it with textContent/setAttribute only.
 */
import type { AuditResult } from '../../questions/audit/result.js';
import { jsonForScriptElement } from './html/escape.js';
import { pageDocument } from './html/page-document.js';
import { PAGE_SCRIPT } from './html/page-script.js';
import { PAGE_STYLE } from './html/page-style.js';
import { reportData } from './html/report-data.js';

export interface AuditHtmlOptions {
  /** The page title; "keyproof audit" by default. */
  title?: string;
}

export function renderAuditHtml(result: AuditResult, options: AuditHtmlOptions = {}): string {
  const title = options.title ?? 'keyproof audit';
  return pageDocument({
    title,
    style: PAGE_STYLE,
    script: PAGE_SCRIPT,
    dataJson: jsonForScriptElement(reportData(result, title)),
  });
}
