/**
 * Cheap, sound filters before asking the rules about a caller: could a resource policy (a trust policy, a key
 * policy) or a grant name the caller at all? The Principal element, lowered as the rules see it and folded with
 * the caller's fields, decides; a policy that names someone else needs no solver (with thousands of identities,
 * this keeps who-can and role chains affordable).
 */
import { principalNames } from '../ir/lower/principal.js';
import type { PrincipalEntry, Statement } from '../policy/model.js';
import { contextFromEntries } from '../request/context.js';
import type { Caller } from '../request/caller.js';
import { concreteContext } from '../smt/context-model.js';
import { encodeConstraint, type Environment } from '../smt/encode-constraint.js';
import { granteeEntry } from '../world/grantee.js';
import type { Key, Role } from '../world/model.js';

function callerEnvironment(caller: Caller): Environment {
  return {
    fields: { principal: caller.arn, kind: caller.kind, account: caller.kind === 'service' ? '' : caller.accountId, role: caller.kind === 'role-session' ? caller.roleArn : '' },
    context: concreteContext(contextFromEntries([])),
  };
}

/** Could the entries name the caller in one of the ways the rules use (itself, its role, its account)? */
function entriesCouldName(entries: PrincipalEntry[], env: Environment): boolean {
  return (['identity', 'role', 'account'] as const).some((how) => {
    const named = encodeConstraint(principalNames(entries, how), new Map(), env);
    return !(named.op === 'const' && !named.value);
  });
}

function allowCouldName(statements: readonly Statement[], env: Environment): boolean {
  return statements.some((stmt) => {
    if (stmt.effect !== 'Allow') return false;
    if (stmt.notPrincipal || !stmt.principal) return true;
    return entriesCouldName(stmt.principal, env);
  });
}

/** Could an Allow statement of the role's trust policy name the caller? If not, the caller cannot assume the role. */
export function trustCouldName(role: Role, caller: Caller): boolean {
  return allowCouldName(role.trustPolicy?.document.statements ?? [], callerEnvironment(caller));
}

/**
 * Could the key policy or a grant name the caller? If not, the caller cannot use the key: IAM policies alone
 * never give access to a KMS key (kms/key-policies.md: "Unless the key policy explicitly allows it, you cannot
 * use IAM policies to allow access to a KMS key"), and grants give access only to their grantee (kms/grants.md).
 */
export function keyCouldName(key: Key, caller: Caller): boolean {
  const env = callerEnvironment(caller);
  if (allowCouldName(key.policy.document.statements, env)) return true;
  return key.grants.some((grant) => entriesCouldName([granteeEntry(grant)], env));
}
