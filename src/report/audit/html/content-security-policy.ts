/**
 * The Content-Security-Policy of the HTML report. The report is opened from disk and shows untrusted text (policy
 * Sids, ARNs, aliases), so the page allows nothing by default: no network at all, no plugins, no frames, no forms,
 * and only the page's own inline script and style, named by their SHA-256 hash. Anything injected despite the
 * escaping could neither run nor send data anywhere.
 */
import { createHash } from 'node:crypto';

export interface InlineCode {
  /** The exact text of each inline `<script>` element that must run. */
  scripts: readonly string[];
  /** The exact text of each inline `<style>` element. */
  styles: readonly string[];
}

const sourceHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function contentSecurityPolicy(code: InlineCode): string {
  return [
    "default-src 'none'",
    `script-src ${code.scripts.map(sourceHash).join(' ')}`,
    `style-src ${code.styles.map(sourceHash).join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
