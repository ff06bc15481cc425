/**
 * Renders an audit as GitHub-flavoured Markdown for a pull-request comment: the findings first, then a table per key.
 * Every value comes from the world under review, which the pull request itself may have written, so nothing of it
 * may become markup: no HTML, links, images, mentions or table cells of its own.
 */
import type { SourceLocation } from '../../errors.js';
import type { AuditAccess, AuditKey, AuditResult, Finding } from '../../questions/audit/result.js';
import { bySeverity, findingsSummary, operationList, ORIGIN_LABEL, principalText } from './text.js';

/** Control characters (newlines included) would end a table row or a list item. */
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f]/g, ' ');

/**
 * Plain text: ASCII punctuation is backslash-escaped (CommonMark allows it for all of it), so no `<`, `[`, `!`, `|`,
 * `@`, `:`, `$` or leading `-`/`#`/`1.` can start HTML, a link, an image, a cell, a mention, an autolink, math or a
 * block. Only `, ; ' " ? % = /` are left as they are: they mean nothing anywhere in a line.
 */
export function markdownText(value: string): string {
  return oneLine(value).replace(/[!#$&()*+\-.:<>@[\\\]^_`{|}~]/g, '\\$&');
}

/**
 * A code span (its content is shown as is, never read as markup), fenced with more backticks than the longest run
 * inside it. In a table cell `|` must still be escaped (GFM splits cells before reading code spans), and a
 * backslash before it would escape that escape: such values are written as plain text instead.
 */
function codeSpan(value: string, inTable: boolean): string {
  const text = oneLine(value);
  if (text === '') return '';
  if (inTable && text.includes('\\')) return markdownText(text);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = /^[` ]|[` ]$/.test(text) ? ` ${text} ` : text;
  return `${fence}${inTable ? padded.replace(/\|/g, '\\|') : padded}${fence}`;
}

/** An identifier (ARN, alias, file) in a table cell. */
export const cellCode = (value: string) => codeSpan(value, true);
/** An identifier in running text or a heading. */
export const inlineCode = (value: string) => codeSpan(value, false);

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const table = (header: readonly string[], rows: readonly string[][]) =>
  [row(header), row(header.map(() => '---')), ...rows.map(row)];

/** `file:line`, the way a reviewer finds it in the diff; the JSON pointer when the line is not known. */
const locationCell = (at: SourceLocation | undefined) =>
  at === undefined ? '' : cellCode(at.line !== undefined ? `${at.file}:${at.line}` : `${at.file} (at ${at.pointer})`);

function findingRow(finding: Finding): string[] {
  return [
    finding.severity === 'error' ? '**error**' : markdownText(finding.severity),
    cellCode(finding.kind),
    markdownText(finding.message),
    cellCode(finding.key),
    cellCode(finding.principal),
    markdownText(operationList(finding.operations)),
    locationCell(finding.location),
  ];
}

function accessRow(title: string, access: AuditAccess): string[] {
  const principal = access.origin === 'world' ? cellCode(access.principal) : markdownText(principalText(access));
  return [
    markdownText(title),
    principal,
    markdownText(ORIGIN_LABEL[access.origin]),
    markdownText(operationList(access.operations)),
    markdownText(access.via.join(', ')),
    access.conditions.map(cellCode).join(' and '),
    access.path.map(cellCode).join(' → '),
  ];
}

function keySection(key: AuditKey): string[] {
  const aliases = key.aliases.length > 0 ? `, aliases ${key.aliases.map(inlineCode).join(', ')}` : '';
  const rows = key.groups.flatMap((group) => group.access.length === 0
    ? [[markdownText(group.title), 'nobody', '', '', '', '', '']]
    : group.access.map((access) => accessRow(group.title, access)));
  return [
    `### ${inlineCode(key.key)}`, '',
    `Account ${markdownText(key.account)}, state ${markdownText(key.state)}${aliases}.`, '',
    ...table(['operations', 'principal', 'origin', 'can', 'via', 'conditions', 'path'], rows), '',
  ];
}

/** `title`: what the report is (`keyproof reach` for reach); "keyproof audit" by default. */
export function renderAuditMarkdown(result: AuditResult, options: { title?: string } = {}): string {
  const lines: string[] = [`## ${markdownText(options.title ?? 'keyproof audit')}`, '', `World: ${inlineCode(result.world)}`, ''];
  if (!result.complete) {
    lines.push('> **Incomplete:** these questions could not be decided in time, so access may be missing below.');
    for (const question of result.undecided) lines.push(`> - ${markdownText(question)}`);
    lines.push('');
  }
  lines.push(`### Findings`, '', `${markdownText(findingsSummary(result.findings))}.`, '');
  if (result.findings.length > 0) {
    lines.push(...table(['severity', 'finding', 'message', 'key', 'principal', 'operations', 'location'], bySeverity(result.findings).map(findingRow)), '');
  }
  for (const key of result.keys) lines.push(...keySection(key));
  return lines.join('\n');
}
