/** Renders a what-can answer as text: per key, each operation with the roles it goes through and its conditions; then the operations that use no key. */
import type { WhatCanResult } from '../../questions/access/what-can.js';
import { incompleteLines } from './incomplete.js';

export function renderWhatCanText(result: WhatCanResult): string {
  const lines = [`what can ${result.principal} do`, ''];
  if (result.keys.length === 0) lines.push('no operation on any key of the world');
  for (const key of result.keys) {
    lines.push(key.aliases.length > 0 ? `${key.key} (${key.aliases.join(', ')})` : key.key);
    for (const op of key.operations) {
      const via = op.path.length > 1 ? ` via ${op.path.slice(1).join(' -> ')}` : '';
      lines.push(`  ${op.action}${via}  [${op.via.join(', ')}]`);
      for (const c of op.conditions) lines.push(`      if ${c}`);
    }
    lines.push('');
  }
  if (result.accountOperations.length > 0) {
    lines.push('operations that use no KMS key (resource "*")');
    for (const op of result.accountOperations) {
      const via = op.path.length > 1 ? ` via ${op.path.slice(1).join(' -> ')}` : '';
      lines.push(`  ${op.action} in account ${op.account}${via}  [${op.via.join(', ')}]`);
      for (const c of op.conditions) lines.push(`      if ${c}`);
    }
    lines.push('');
  } else {
    lines.push('no operation that uses no KMS key (kms:ListKeys, kms:CreateKey...)', '');
  }
  if (!result.complete) {
    lines.push(...incompleteLines('these parts could not be decided', result.undecided));
  }
  return lines.join('\n').trimEnd() + '\n';
}
