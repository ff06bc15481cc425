/**
 * Renders an audit as GitHub-flavoured Markdown for a pull-request comment: the findings first, then a table per key.
 * Every value comes from the world under review, which the pull request itself may have written, so nothing of it
 * may become markup: no HTML, links, images, mentions or table cells of its own.
 */
import type { SourceLocation } from '../../errors.js';
import { basename, isAbsolute, relative, sep } from 'node:path';
import type { AuditAccess, AuditKey, AuditResult, Finding, FindingTriage } from '../../questions/audit/result.js';
import { splitSuppressed } from '../../questions/audit/triage.js';
import { baselineSummary, ruleProblem, rulesSummary, suppressionText } from './triage-words.js';
import { compareSeverity, findingsSummary, operationList, ORIGIN_LABEL, principalText } from './text.js';

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
  at === undefined ? '' : cellCode(at.line !== undefined ? `${displayPath(at.file)}:${at.line}` : `${displayPath(at.file)} (at ${at.pointer})`);

/**
 * Running text that quotes identifiers (a finding's message): ARNs become code spans, shown as written (escaping
 * their `:` and `/` would make them unreadable in the source and uncopyable), the rest plain text.
 */
export function messageMarkdown(message: string): string {
  return oneLine(message).split(/(arn:[^\s,;()]+)/).map((part, i) => (i % 2 === 1 ? cellCode(part) : markdownText(part))).join('');
}

/**
 * A file as the reviewer sees it in the checkout: relative to the working directory, where keyproof runs (an
 * absolute path would show the runner's home directory in a pull-request comment and mean nothing to others).
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const path = relative(cwd, file);
  return path === '' || isAbsolute(path) || path.startsWith('..') ? basename(file) : path.split(sep).join('/');
}

type FindingLike = Pick<Finding, 'kind' | 'severity' | 'key' | 'principal' | 'operations' | 'message' | 'location'>;

function findingRow(finding: FindingLike, state?: string, note?: string): string[] {
  return [
    finding.severity === 'error' ? '**error**' : markdownText(finding.severity),
    cellCode(finding.kind) + (state !== undefined ? ` (${state === 'new' ? '**new**' : markdownText(state)})` : ''),
    messageMarkdown(finding.message) + (note !== undefined ? ` — ${messageMarkdown(note)}` : ''),
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

const FINDING_HEADER = ['severity', 'finding', 'message', 'key', 'principal', 'operations', 'location'];

/** The findings; with a baseline or suppression rules, the suppressed and resolved ones too, each in its own table. */
function findingsMarkdown(result: AuditResult): string[] {
  const { active, suppressed } = splitSuppressed(result);
  const ordered = <T extends [Finding, FindingTriage | undefined]>(items: T[]) => [...items].sort(([a], [b]) => compareSeverity(a, b));
  const lines = ['### Findings', ''];
  const comparison = baselineSummary(result.triage);
  if (comparison) lines.push(`${markdownText(comparison)}.`, '');
  const suppressedNote = suppressed.length > 0 ? ` (and ${suppressed.length} suppressed, listed below)` : '';
  lines.push(`${markdownText(findingsSummary(active.map(([f]) => f)) + suppressedNote)}.`, '');
  const fixNote = (f: Finding) => {
    const fix = result.fixes?.[result.findings.indexOf(f)];
    return fix ? `fix (${fix.check}): ${fix.change}` : undefined;
  };
  if (active.length > 0) lines.push(...table(FINDING_HEADER, ordered(active).map(([f, t]) => findingRow(f, t?.baselineState, fixNote(f)))), '');
  if (suppressed.length > 0) {
    const rules = result.triage!.suppressions!.rules;
    lines.push('#### Suppressed findings', '', `${suppressed.length} finding${suppressed.length === 1 ? '' : 's'}, still present, accepted by a suppression rule.`, '');
    lines.push(...table(FINDING_HEADER, ordered(suppressed).map(([f, t]) => findingRow(f, t.baselineState, suppressionText(rules[t.suppressedBy!]!)))), '');
  }
  const resolved = result.triage?.baseline?.resolved ?? [];
  if (resolved.length > 0) {
    lines.push('#### Resolved since the baseline', '');
    lines.push(...table(FINDING_HEADER, resolved.map((f) => findingRow(f, 'resolved'))), '');
  }
  const rulesLine = rulesSummary(result.triage);
  if (rulesLine) {
    lines.push(`${markdownText(rulesLine)}.`, '');
    const problems = result.triage!.suppressions!.rules.map(ruleProblem).filter((p): p is string => p !== undefined);
    for (const problem of problems) lines.push(`- ${markdownText(problem)}`);
    if (problems.length > 0) lines.push('');
  }
  return lines;
}

/** `title`: what the report is (`keyproof reach` for reach); "keyproof audit" by default. */
export function renderAuditMarkdown(result: AuditResult, options: { title?: string } = {}): string {
  const lines: string[] = [`## ${markdownText(options.title ?? 'keyproof audit')}`, '', `World: ${inlineCode(displayPath(result.world))}`, ''];
  if (!result.complete) {
    lines.push('> **Incomplete:** these questions could not be decided in time, so access may be missing below.');
    for (const question of result.undecided) lines.push(`> - ${markdownText(question)}`);
    lines.push('');
  }
  lines.push(...findingsMarkdown(result));
  for (const key of result.keys) lines.push(...keySection(key));
  return lines.join('\n');
}
