/** Renders a who-can answer as text. */
import type { WhoCanResult } from '../../questions/access/who-can.js';
import { incompleteLines } from './incomplete.js';

/** How each class of principals outside the world reads in text reports. */
export const CLASS_TEXT: Record<string, (value: string) => string> = {
  anyone: () => 'anyone (any principal of any other AWS account)',
  account: (v) => `any principal of account ${v} whose own IAM policies allow it`,
  organization: (v) => `any principal of organization ${v} in an account the world does not describe`,
  service: (v) => `the AWS service ${v}`,
};

export function renderWhoCanText(result: WhoCanResult): string {
  const lines = [`who can ${result.action} on ${result.key}`, ''];
  lines.push(result.principals.length === 0 ? 'principals of the world: none' : 'principals of the world:');
  for (const p of result.principals) {
    const via = p.path.length > 1 ? ` via ${p.path.slice(1).join(' -> ')}` : '';
    lines.push(`  ${p.arn}${via}  [${p.via.join(', ')}]`);
    for (const c of p.conditions) lines.push(`      if ${c}`);
  }
  lines.push('', result.classes.length === 0 ? 'outside the world: nobody' : 'outside the world:');
  for (const c of result.classes) {
    lines.push(`  ${CLASS_TEXT[c.kind]!(c.value)}`);
    for (const cond of c.conditions) lines.push(`      if ${cond}`);
    lines.push(`      for example ${c.example.principal}`);
  }
  if (!result.complete) {
    lines.push('', ...incompleteLines('these parts could not be decided', result.undecided));
  }
  return lines.join('\n') + '\n';
}
