/**
 * The `@from(...)` annotation of a clause (docs/intermediate-form.md): which policy, statement and file a clause
 * was lowered from. Read by both the grammar's semantics (parse.ts) and the fast path for facts (parse-facts.ts).
 */
import type { Provenance } from './ast.js';

/** The values of `@from(source: ...)`: where a clause can come from. */
export const PROVENANCE_SOURCES = [
  'key-policy', 'iam-policy', 'grant', 'scp', 'rcp', 'permissions-boundary', 'trust-policy', 'semantics', 'world',
] as const satisfies readonly Provenance['source'][];
// Fails to compile when Provenance['source'] gains a value the list above lacks.
const everySourceListed: Provenance['source'] extends (typeof PROVENANCE_SOURCES)[number] ? true : never = true;
void everySourceListed;

export const PROVENANCE_FIELDS = ['source', 'policy', 'sid', 'file', 'at'] as const;
const REQUIRED_PROVENANCE_FIELDS = ['source', 'policy', 'sid'] as const;

/** Checks the fields of `@from(...)`; a problem names the entry at fault, or none when one is missing. */
export function provenanceFrom(entries: { name: string; value: string }[]): Provenance | { problem: string; entry?: number } {
  const values = new Map<string, string>();
  for (const [index, { name, value }] of entries.entries()) {
    if (!(PROVENANCE_FIELDS as readonly string[]).includes(name)) {
      return { problem: `unknown provenance field \`${name}\`; expected one of ${PROVENANCE_FIELDS.join(', ')}`, entry: index };
    }
    if (values.has(name)) return { problem: `provenance field \`${name}\` given twice`, entry: index };
    values.set(name, value);
  }
  const missing = REQUIRED_PROVENANCE_FIELDS.filter((name) => !values.has(name));
  if (missing.length > 0) return { problem: `@from needs ${missing.join(', ')}` };
  const source = values.get('source')!;
  if (!(PROVENANCE_SOURCES as readonly string[]).includes(source)) {
    return {
      problem: `unknown provenance source ${JSON.stringify(source)}; expected one of ${PROVENANCE_SOURCES.join(', ')}`,
      entry: entries.findIndex((entry) => entry.name === 'source'),
    };
  }
  const result: Provenance = { source: source as Provenance['source'], policy: values.get('policy')!, sid: values.get('sid')! };
  if (values.has('file')) result.file = values.get('file')!;
  if (values.has('at')) result.at = values.get('at')!;
  return result;
}
