/** What `keyproof collect` says when done: what it wrote, and each part it could not read. */
import type { CollectSummary } from '../world/collect/collect.js';

export function renderCollectText(summary: CollectSummary): string {
  const lines = [
    `collected the IAM of ${plural(summary.accounts.length, 'account')}, ${plural(summary.keys, 'KMS key')}`
      + `${summary.organization !== undefined ? ` and organization ${summary.organization}` : ''} into ${summary.out}`
      + ` (as account ${summary.callerAccount})`,
  ];
  if (summary.incomplete.length > 0) {
    lines.push(`incomplete: ${plural(summary.incomplete.length, 'call')} failed; answers that depend on them will say complete: false:`);
    for (const part of summary.incomplete) {
      const where = [part.account, part.region].filter((x) => x !== undefined).join(' ');
      lines.push(`  ${part.service}:${part.operation} in ${where}${part.resource !== undefined ? ` for ${part.resource}` : ''}: ${part.error}`);
    }
  }
  return lines.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
