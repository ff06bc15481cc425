/**
 * A policy whose document keyproof does not know (an AWS managed policy neither in the world nor in the snapshot)
 * could allow or deny anything. It is lowered as one Allow and one Deny statement whose match is an open choice:
 * an `open_choice(S)` fact that the compiler leaves free (OPEN_PREDICATES), so that the solver may take the
 * statement to apply or not. A question is then decided only if it has the same answer for every choice.
 */
import type { PolicySource } from '../../answer.js';
import { atom, pos, str, type Program, type Rule } from '../ast.js';

/** Predicates whose facts are free Booleans rather than true (CompileOptions.free). */
export const OPEN_PREDICATES: ReadonlySet<string> = new Set(['open_choice']);

export type OpenEffect = 'Allow' | 'Deny';

/** The statement id of one of an unknown policy's two statements. */
export const openStatementId = (policyId: string, effect: OpenEffect) => `${policyId}#unknown-${effect.toLowerCase()}`;

/** The rules of an unknown policy with id `policyId`. */
export function lowerUnknownPolicy(source: PolicySource, policyId: string, arn: string): Rule[] {
  return (['Allow', 'Deny'] as const).flatMap((effect): Rule[] => {
    const s = str(openStatementId(policyId, effect));
    const provenance = { source, policy: arn, sid: `unknown document (${effect})`, file: arn, at: '' };
    return [
      { head: atom('statement', str(policyId), s, str(effect)), body: [], provenance },
      { head: atom('names', s, str('identity')), body: [], provenance },
      { head: atom('open_choice', s), body: [], provenance },
      { head: atom('applies', s), body: [pos(atom('open_choice', s))], provenance },
    ];
  });
}

/** The open statements of a program, by effect (empty when every policy of the question is known). */
export function openStatements(program: Program): { statement: string; effect: OpenEffect }[] {
  let found = cache.get(program);
  if (!found) {
    found = program.rules.flatMap((r) => {
      if (r.head.predicate !== 'open_choice') return [];
      const arg = r.head.args[0];
      const id = arg?.kind === 'string' ? arg.value : '';
      return [{ statement: id, effect: id.endsWith('#unknown-deny') ? 'Deny' as const : 'Allow' as const }];
    });
    cache.set(program, found);
  }
  return found;
}

const cache = new WeakMap<Program, { statement: string; effect: OpenEffect }[]>();
