/** `keyproof change` as text for a terminal or a CI log. */
import { formatLocation } from '../../errors.js';
import type { AccessChange, ChangeResult } from '../../questions/change/change-result.js';
import { accessSentence, dependsText, keyText, pathText, sourceText, verdictText, witnessText } from './change-words.js';

function entryLines(entry: AccessChange, sign: string): string[] {
  const lines = [`  ${sign} ${accessSentence(entry)}`, `      ${pathText(entry)}`];
  const depends = dependsText(entry);
  if (depends) lines.push(`      ${depends}`);
  for (const w of entry.witnesses.slice(0, 1)) lines.push(`      e.g. ${witnessText(w)} (${sign === '+' ? 'allowed after, denied before' : 'allowed before, denied after'})`);
  for (const l of entry.locations.slice(0, 2)) lines.push(`      at ${formatLocation(l)}`);
  return lines;
}

export function renderChangeText(result: ChangeResult): string {
  const lines: string[] = [];
  const against = result.world ? `against ${result.world}` : 'against the accounts it names (no world given)';
  lines.push(`${sourceText(result)} ${result.file}, ${against}`);
  lines.push(`${result.resources.length} resource${result.resources.length === 1 ? '' : 's'} change; ${result.examined} key${result.examined === 1 ? '' : 's'} compared before and after; ${result.keys.length} change${result.keys.length === 1 ? 's' : ''} access`);
  for (const key of result.keys) {
    lines.push('', `${keyText(key)} (${key.status})`);
    for (const g of key.gained) lines.push(...entryLines(g, '+'));
    for (const l of key.lost) lines.push(...entryLines(l, '-'));
  }
  if (result.unknowns.length > 0) {
    lines.push('', 'Known only after apply (decided as permissive as they could be):');
    for (const u of result.unknowns) lines.push(`  ${u}`);
  }
  lines.push('', `Verdict: ${verdictText(result)}${result.complete ? '' : ' (INCOMPLETE)'}`);
  if (!result.complete) {
    lines.push('Undecided:');
    for (const u of result.undecided) lines.push(`  ${u}`);
  }
  return lines.join('\n') + '\n';
}
