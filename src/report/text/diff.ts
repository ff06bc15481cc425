/** Renders a diff answer as text. */
import type { DiffResult, DiffVerdict, DiffWitness } from '../../questions/diff/diff.js';
import { incompleteLines } from './incomplete.js';

const VERDICT_TEXT: Record<DiffVerdict, string> = {
  equivalent: 'equivalent: both policies allow exactly the same requests',
  'more-permissive': 'more permissive: the new policy allows requests the old one does not',
  'less-permissive': 'less permissive: the new policy allows no request the old one denies, and denies some the old one allows',
  incomparable: 'incomparable: each policy allows requests the other does not',
  unknown: 'unknown: the solver could not decide',
};

function renderWitness(w: DiffWitness): string[] {
  const lines = [`  ${w.principal} ${w.action} on ${w.key}`];
  const context = Object.entries(w.context);
  if (context.length > 0) lines.push(`      with ${context.map(([k, v]) => `${k}=${v.join(',')}`).join('  ')}`);
  lines.push(`      ${w.reason}`);
  return lines;
}

export function renderDiffText(result: DiffResult): string {
  const scope = result.kind === 'key'
    ? `key policies of a key in account ${result.account}`
    : `identity policies of a user and a role in account ${result.account}, on keys of that account`;
  const lines = [`diff of ${scope}`, '', VERDICT_TEXT[result.verdict]];
  for (const side of ['new', 'old'] as const) {
    const witnesses = result.witnesses.filter((w) => w.allowedBy === side);
    if (witnesses.length === 0) continue;
    lines.push('', `allowed only by the ${side} policy, for example:`);
    for (const w of witnesses) lines.push(...renderWitness(w));
  }
  if (!result.complete) {
    lines.push('', ...incompleteLines('these searches could not be finished', result.undecided.map((u) => `requests allowed only by the ${u.allowedBy} policy: ${u.why}`)));
  }
  return lines.join('\n') + '\n';
}
