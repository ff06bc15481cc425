/**
 * Cheap, sound filters before asking the rules about a caller: could a resource policy (a trust policy, a key
 * policy) or a grant name the caller at all? The Principal element, lowered as the rules see it and folded with
 * the caller's fields, decides; a policy that names someone else needs no solver (with thousands of identities,
 * this keeps who-can and role chains affordable).
 */
import type { Constraint } from '../ir/ast.js';
import { notPrincipalApplies, principalNames, type How } from '../ir/lower/principal.js';
import { lowerStatement } from '../ir/lower/statement.js';
import type { NamedPolicy, PrincipalEntry, Statement } from '../policy/model.js';
import { contextFromEntries } from '../request/context.js';
import type { Caller } from '../request/caller.js';
import { concreteContext } from '../smt/context-model.js';
import { encodeConstraint, type Environment } from '../smt/encode-constraint.js';
import { callerFields } from './caller-fields.js';
import { granteeEntry } from '../world/grantee.js';
import { identityPoliciesOf, unknownPoliciesOf } from '../world/attached-policies.js';
import type { Key, Role, User, World } from '../world/model.js';

const NO_CONTEXT = concreteContext(contextFromEntries([]));

function callerEnvironment(caller: Caller): Environment {
  return {
    fields: callerFields(caller),
    context: NO_CONTEXT,
  };
}

const ALL_WAYS: readonly How[] = ['identity', 'role', 'account'];

/** Could the entries name the caller in one of the ways (itself, its role, its account)? */
function entriesCouldName(entries: PrincipalEntry[], env: Environment, ways: readonly How[] = ALL_WAYS): boolean {
  return ways.some((how) => {
    const named = encodeConstraint(principalNames(entries, how), new Map(), env);
    return !(named.op === 'const' && !named.value);
  });
}

/** Could an Allow with this NotPrincipal element apply to the caller (it names itself, its role or its account)? */
function notPrincipalCouldAdmit(entries: PrincipalEntry[], env: Environment): boolean {
  const applies = encodeConstraint(notPrincipalApplies(entries, 'Allow'), new Map(), env);
  return !(applies.op === 'const' && !applies.value);
}

function allowCouldName(statements: readonly Statement[], env: Environment, ways: readonly How[] = ALL_WAYS): boolean {
  return statements.some((stmt) => {
    if (stmt.effect !== 'Allow') return false;
    // An Allow with NotPrincipal lets in everyone it does not exclude, as itself ("identity").
    if (stmt.notPrincipal) return ways.includes('identity') && notPrincipalCouldAdmit(stmt.notPrincipal, env);
    if (!stmt.principal) return true;
    return entriesCouldName(stmt.principal, env, ways);
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

/** A constraint on the action and the resource alone (no context, no policy variable): it folds to a constant. */
function onRequestFields(c: Constraint): boolean {
  switch (c.kind) {
    case 'match': return c.term.kind === 'field' && (c.term.name === 'action' || c.term.name === 'resource') && !c.pattern.some((p) => p.kind === 'var');
    case 'not': return onRequestFields(c.body);
    case 'and': case 'or': return c.items.every(onRequestFields);
    default: return false;
  }
}

/**
 * Could an Allow statement of the caller's identity policies apply to one of the actions on the key? Each
 * statement's Action and Resource parts, lowered as the rules see them, are folded with the action and the key's
 * ARN; conditions and policy variables are left open (they could hold).
 */
function identityPoliciesCouldAllow(world: World, entity: User | Role, resource: string, actions: readonly string[]): boolean {
  // A policy whose document is unknown could allow anything.
  if (unknownPoliciesOf(world, entity).some((p) => p.use === 'attached')) return true;
  return identityPoliciesOf(world, entity).some((policy) => policy.document.statements.some((stmt) => {
    const tests = requestTestsOf(policy, stmt);
    return tests !== undefined && actions.some((action) => {
      const env: Environment = { fields: { action, resource }, context: NO_CONTEXT };
      return tests.every((c) => { const t = encodeConstraint(c, new Map(), env); return !(t.op === 'const' && !t.value); });
    });
  }));
}

/** Statements are shared by every caller they are attached to: their lowered tests are kept. */
const requestTests = new WeakMap<Statement, Constraint[] | null>();

/** An Allow statement's lowered tests on the action and the resource; undefined when it allows nothing. */
function requestTestsOf(policy: NamedPolicy, stmt: Statement): Constraint[] | undefined {
  let tests = requestTests.get(stmt);
  if (tests === undefined) {
    const applies = stmt.effect === 'Allow'
      ? lowerStatement('iam-policy', policy, stmt, { policyId: 'p', statementId: 's' }, 'applies').find((r) => r.head.predicate === 'applies')
      : undefined;
    tests = applies ? applies.body.flatMap((l) => (l.kind === 'constraint' && onRequestFields(l.constraint) ? [l.constraint] : [])) : null;
    requestTests.set(stmt, tests);
  }
  return tests ?? undefined;
}

/**
 * Could the caller perform one of the actions on the key? A grant that names it (in any way) may suffice. Else the
 * key policy must name it, and its IAM policies must allow one of the actions on the key unless the key policy
 * names it as itself or its role in the key's own account (kms/key-policy-default.md#key-policy-default-allow-root-enable-iam:
 * naming the account delegates to IAM policies; kms/key-policy-modifying-external-accounts.md: across accounts
 * the caller's IAM policies must allow it too). The root user needs no IAM policy. A sound over-approximation
 * of the rules (src/semantics/kms.kp: route_allows, grant_effective).
 */
export function keyCouldAdmit(world: World, key: Key, caller: Caller, actions: readonly string[]): boolean {
  const env = callerEnvironment(caller);
  if (key.grants.some((grant) => entriesCouldName([granteeEntry(grant)], env))) return true;
  if (!allowCouldName(key.policy.document.statements, env)) return false;
  if (caller.kind !== 'user' && caller.kind !== 'role-session') return true;
  if (caller.accountId === key.accountId && allowCouldName(key.policy.document.statements, env, ['identity', 'role'])) return true;
  return identityPoliciesCouldAllow(world, caller.kind === 'user' ? caller.user : caller.role, key.arn, actions);
}

/**
 * Could the caller perform an operation that uses no key (resource `*`, src/request/account-request.ts)? Only its
 * identity policies can allow it (src/semantics/kms.kp: account_question); the root user needs none; a service
 * principal makes no such request. A sound over-approximation, like keyCouldAdmit.
 */
export function accountOperationCouldAllow(world: World, caller: Caller, action: string, resource: string): boolean {
  if (caller.kind === 'root') return true;
  if (caller.kind === 'service') return false;
  return identityPoliciesCouldAllow(world, caller.kind === 'user' ? caller.user : caller.role, resource, [action]);
}
