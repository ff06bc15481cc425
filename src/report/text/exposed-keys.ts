/**
 * Renders the answer to `which keys are public|external` as text: per key, the operations that classes outside
 * can perform, those with the same classes and conditions on one line, then each class with its conditions.
 */
import type { ExposedKeysResult, ExposedOperation } from '../../questions/access/exposed-keys.js';
import { CLASS_TEXT } from './who-can.js';
import { incompleteLines } from './incomplete.js';

const WHO: Record<ExposedKeysResult['question'], string> = {
  public: 'anyone at all',
  external: 'principals outside the organization',
};

/** Operations whose classes and conditions agree, in their first operation's order. */
function sameAccess(operations: readonly ExposedOperation[]): ExposedOperation[][] {
  const groups = new Map<string, ExposedOperation[]>();
  for (const op of operations) {
    const signature = JSON.stringify(op.classes.map((c) => [c.kind, c.value, c.conditions]));
    groups.set(signature, [...(groups.get(signature) ?? []), op]);
  }
  return [...groups.values()];
}

export function renderExposedKeysText(result: ExposedKeysResult): string {
  const lines = [`which keys are ${result.question}: keys that ${WHO[result.question]} can use`, ''];
  if (result.keys.length === 0) lines.push(`no key of the world is ${result.question}`, '');
  for (const key of result.keys) {
    lines.push(key.aliases.length > 0 ? `${key.key} (${key.aliases.join(', ')})` : key.key);
    for (const group of sameAccess(key.operations)) {
      lines.push(`  ${group.map((op) => op.action).join(', ')}`);
      for (const c of group[0]!.classes) {
        lines.push(`    ${CLASS_TEXT[c.kind]!(c.value)}`);
        for (const cond of c.conditions) lines.push(`        if ${cond}`);
        lines.push(`        for example ${c.example.principal}`);
      }
    }
    lines.push('');
  }
  if (!result.complete) {
    lines.push(...incompleteLines('these parts could not be decided', result.undecided));
  }
  return lines.join('\n').trimEnd() + '\n';
}
