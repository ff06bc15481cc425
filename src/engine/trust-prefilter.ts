/** A cheap, sound filter before asking the rules whether a caller may assume a role. */
import { principalNames } from '../ir/lower/principal.js';
import { contextFromEntries } from '../request/context.js';
import type { Caller } from '../request/caller.js';
import { concreteContext } from '../smt/context-model.js';
import { encodeConstraint, type Environment } from '../smt/encode-constraint.js';
import type { Role } from '../world/model.js';

/**
 * Could any Allow statement of the role's trust policy name the caller? Its Principal element, lowered as the
 * rules see it and folded with the caller's fields, decides; a trust policy that names someone else needs no
 * solver (with hundreds of roles and identities, this keeps chains affordable).
 */
export function trustCouldName(role: Role, caller: Caller): boolean {
  const env: Environment = {
    fields: { principal: caller.arn, kind: caller.kind, account: caller.kind === 'service' ? '' : caller.accountId, role: caller.kind === 'role-session' ? caller.roleArn : '' },
    context: concreteContext(contextFromEntries([])),
  };
  return (role.trustPolicy?.document.statements ?? []).some((stmt) => {
    if (stmt.effect !== 'Allow') return false;
    if (stmt.notPrincipal || !stmt.principal) return true;
    return (['identity', 'role', 'account'] as const).some((how) => {
      const named = encodeConstraint(principalNames(stmt.principal!, how), new Map(), env);
      return !(named.op === 'const' && !named.value);
    });
  });
}

