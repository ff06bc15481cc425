/**
 * `keyproof change` as GitHub-flavoured Markdown, for a pull-request comment: the verdict first, then per key a table
 * of who gains and who loses what, through what, and where the change writes it. Every value comes from the change
 * under review, which the pull request itself wrote, so nothing of it may become markup (audit/markdown.ts escapes).
 */
import type { SourceLocation } from '../../errors.js';
import type { AccessChange, ChangeResult, KeyChange } from '../../questions/change/change-result.js';
import { cellCode, inlineCode, markdownText } from '../audit/markdown.js';
import { operationList } from '../audit/text.js';
import { keyText, sourceText, verdictText, whoText, witnessText } from './change-words.js';

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

const KIND_CELL: Record<AccessChange['kind'], string> = {
  new: '**gains**', widened: '**gains** (more conditions met)', removed: 'loses', narrowed: 'loses (under some conditions)',
};

const locationCell = (at: SourceLocation | undefined) =>
  at === undefined ? '' : cellCode(at.line !== undefined ? `${at.file}:${at.line}` : `${at.file} (at ${at.pointer})`);

function entryRow(entry: AccessChange): string[] {
  const who = entry.origin === 'world' && !entry.description ? cellCode(entry.principal) : markdownText(whoText(entry));
  return [
    KIND_CELL[entry.kind],
    who,
    markdownText(operationList(entry.operations)),
    markdownText(entry.via.join(', ')),
    entry.path.length > 1 ? entry.path.slice(1).map(cellCode).join(' → ') : '',
    entry.conditions.map(cellCode).join(' and '),
    entry.dependsOn.length > 0 ? `possible: ${entry.dependsOn.map(cellCode).join(', ')}` : '',
    entry.witnesses[0] ? cellCode(witnessText(entry.witnesses[0])) : '',
    entry.locations.slice(0, 2).map(locationCell).join(', '),
  ];
}

function keySection(key: KeyChange): string[] {
  const title = key.createdBy ? markdownText(keyText(key)) : inlineCode(key.key);
  return [
    `### ${title} (${markdownText(key.status)})`, '',
    row(['change', 'who', 'operations', 'via', 'through', 'conditions', 'depends on', 'for example', 'where']),
    row(Array(9).fill('---')),
    ...[...key.gained, ...key.lost].map((e) => row(entryRow(e))), '',
  ];
}

export function renderChangeMarkdown(result: ChangeResult): string {
  const source = sourceText(result);
  const against = result.world ? `against ${inlineCode(result.world)}` : 'against the accounts it names (no world given)';
  const verdict = `${verdictText(result)}${result.complete ? '' : ' (incomplete)'}`;
  const lines = [
    `## keyproof change: ${markdownText(verdict)}`, '',
    `${source} ${inlineCode(result.file)}, ${against}: ${result.resources.length} resource${result.resources.length === 1 ? '' : 's'} change; `
      + `${result.examined} key${result.examined === 1 ? '' : 's'} compared before and after; ${result.keys.length} change${result.keys.length === 1 ? 's' : ''} access.`, '',
  ];
  if (!result.complete) {
    lines.push('> **Incomplete:** part of the change could not be modelled or decided, so access may be missing below.');
    for (const u of result.undecided) lines.push(`> - ${markdownText(u)}`);
    lines.push('');
  }
  for (const key of result.keys) lines.push(...keySection(key));
  if (result.unknowns.length > 0) {
    lines.push('Known only after the change is applied (decided as permissive as they could be):', '');
    for (const u of result.unknowns) lines.push(`- ${inlineCode(u)}`);
    lines.push('');
  }
  return lines.join('\n');
}
