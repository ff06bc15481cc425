/** Renders an audit as text for a terminal, or as Markdown for a pull-request comment. */
import type { AuditResult } from '../api/audit.js';

const short = (action: string) => action.replace(/^kms:/, '');

export function renderAuditText(result: AuditResult): string {
  const lines: string[] = [`keyproof audit of ${result.world}`, ''];
  for (const key of result.keys) {
    lines.push(`key ${key.key}`, `  account ${key.account}, state ${key.state}${key.aliases.length ? `, aliases ${key.aliases.join(', ')}` : ''}`);
    for (const group of key.groups) {
      lines.push(`  ${group.title}:`);
      if (group.access.length === 0) lines.push('    nobody');
      for (const a of group.access) {
        const via = a.path.length > 1 ? ` (via ${a.path.slice(1).join(' -> ')})` : '';
        const origin = a.origin === 'world' ? '' : a.origin === 'anyone' ? ' [any AWS account]' : ' [external account]';
        lines.push(`    ${a.principal}${origin}${via}: ${a.operations.map(short).join(', ')}`);
      }
    }
    lines.push('');
  }
  lines.push(`findings: ${result.findings.length}`);
  for (const f of result.findings) lines.push(`  [${f.kind}] ${f.message}: ${f.operations.map(short).join(', ')}`);
  return lines.join('\n') + '\n';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderAuditMarkdown(result: AuditResult): string {
  const lines: string[] = [`# keyproof audit`, '', `World: \`${cell(result.world)}\``, ''];
  lines.push(`## Findings (${result.findings.length})`, '');
  if (result.findings.length === 0) lines.push('None.', '');
  else {
    lines.push('| kind | key | principal | operations |', '| --- | --- | --- | --- |');
    for (const f of result.findings) lines.push(`| ${f.kind} | \`${cell(f.key)}\` | \`${cell(f.principal)}\` | ${f.operations.map(short).join(', ')} |`);
    lines.push('');
  }
  for (const key of result.keys) {
    lines.push(`## \`${cell(key.key)}\``, '', `Account ${key.account}, state ${key.state}${key.aliases.length ? `, aliases ${key.aliases.map((a) => `\`${cell(a)}\``).join(', ')}` : ''}.`, '');
    lines.push('| operations | principal | via | allowed |', '| --- | --- | --- | --- |');
    for (const group of key.groups) {
      if (group.access.length === 0) lines.push(`| ${group.title} | nobody | | |`);
      for (const a of group.access) {
        lines.push(`| ${group.title} | \`${cell(a.principal)}\` | ${a.path.slice(1).map((p) => `\`${cell(p)}\``).join(' → ')} | ${a.operations.map(short).join(', ')} |`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}
