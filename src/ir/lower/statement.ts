/**
 * One policy statement as rules: `statement(P, S, Effect)`, `names(S, How)` and `applies(S)`
 * (the vocabulary of src/semantics/kms.kp).
 */
import { formatLocation } from '../../errors.js';
import type { NamedPolicy, Statement } from '../../policy/model.js';
import type { PolicySource } from '../../answer.js';
import { atom, field, str, where, type Constraint, type Provenance, type Rule } from '../ast.js';
import { conditionConstraint } from './condition.js';
import { toPattern } from './pattern.js';
import { notPrincipalApplies, principalNames, type How } from './principal.js';

const HOWS: How[] = ['identity', 'role', 'account'];

function anyOf(items: Constraint[]): Constraint {
  return items.length === 1 ? items[0]! : { kind: 'or', items };
}

/** Action names are case-insensitive and take no policy variables (reference_policies_elements_action.md). */
function actionConstraint(patterns: readonly string[]): Constraint {
  return anyOf(patterns.map((p) => ({ kind: 'match', term: field('action'), matcher: 'glob-i', pattern: toPattern(p, undefined, true) })));
}

function resourceConstraint(patterns: readonly string[], version: string | undefined): Constraint {
  return anyOf(patterns.map((p) => ({ kind: 'match', term: field('resource'), matcher: 'glob', pattern: toPattern(p, version, true) })));
}

export interface StatementIds {
  policyId: string;
  statementId: string;
}

export function statementProvenance(source: PolicySource, policy: NamedPolicy, stmt: Statement): Provenance {
  return { source, policy: policy.name, sid: stmt.sid ?? String(stmt.index), file: formatLocation({ ...stmt.location, pointer: '' }), at: stmt.location.pointer };
}

/**
 * `missingResource`: what a statement without Resource or NotResource applies to: nothing in a key policy
 * (kms/key-policy-overview.md#key-policy-elements), the role itself in a trust policy.
 */
export function lowerStatement(
  source: PolicySource, policy: NamedPolicy, stmt: Statement, ids: StatementIds, missingResource: 'applies' | 'never',
): Rule[] {
  const provenance = statementProvenance(source, policy, stmt);
  const s = str(ids.statementId);
  const rules: Rule[] = [{ head: atom('statement', str(ids.policyId), s, str(stmt.effect)), body: [], provenance }];

  if (stmt.principal) {
    for (const how of HOWS) {
      const c = principalNames(stmt.principal, how);
      if (c.kind !== 'false') rules.push({ head: atom('names', s, str(how)), body: [where(c)], provenance });
    }
  } else if (stmt.notPrincipal) {
    rules.push({ head: atom('names', s, str('identity')), body: [where(notPrincipalApplies(stmt.notPrincipal, stmt.effect))], provenance });
  } else {
    // Identity policies, boundaries and SCPs name no principal: they apply to the identity they are attached to.
    rules.push({ head: atom('names', s, str('identity')), body: [], provenance });
  }

  const parts: Constraint[] = [];
  // An Action list whose entries were all malformed (src/policy/parse.ts) matches nothing; an empty NotAction
  // excludes nothing.
  if (stmt.action && stmt.action.length > 0) parts.push(actionConstraint(stmt.action));
  else if (stmt.notAction) { if (stmt.notAction.length > 0) parts.push({ kind: 'not', body: actionConstraint(stmt.notAction) }); }
  else return rules;
  if (stmt.resource) parts.push(resourceConstraint(stmt.resource, policy.document.version));
  else if (stmt.notResource) parts.push({ kind: 'not', body: resourceConstraint(stmt.notResource, policy.document.version) });
  else if (missingResource === 'never') return rules;
  for (const clause of stmt.conditions) parts.push(conditionConstraint(clause, policy.document.version));
  rules.push({ head: atom('applies', s), body: parts.map(where), provenance });
  return rules;
}

/** All statements of a policy, with ids `POLICYID#INDEX`. */
export function lowerPolicy(source: PolicySource, policyId: string, policy: NamedPolicy, missingResource: 'applies' | 'never' = 'applies'): Rule[] {
  return policy.document.statements.flatMap((stmt) =>
    lowerStatement(source, policy, stmt, { policyId, statementId: `${policyId}#${stmt.index}` }, missingResource));
}
