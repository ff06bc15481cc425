/**
 * What must hold of a request for an access that a question found: per request on the path (each sts:AssumeRole
 * of a role chain, then the KMS request), the conditions of the route that allows it and of every Deny that
 * could stop it. who-can, what-can, audit and reach all describe an access through this one function, so they
 * say the same thing for the same principal, path and operation.
 *
 * The route (the key policy naming the caller, the key policy delegating to IAM, a grant; the trust policy for a
 * role) is the one the reference evaluator takes for the verified example. Each policy layer on that route is
 * described by all its statements that name the caller and match the action and resource, whatever their
 * conditions: one of them must apply (iam/reference_policies_evaluation-logic.md), so a layer with an
 * unconditional statement needs nothing, and a layer with several conditional ones needs one of them. Every
 * Deny that matches but for its conditions must not apply; SCPs (when they restrict the caller) must allow.
 * Clauses on keys the world fixes for the caller and the key (aws:PrincipalArn, aws:PrincipalTag/..., kms:KeySpec,
 * ...) are decided here and left out.
 */
import type { MatchedStatement } from '../../answer.js';
import { contextFromEntries, type RequestContext } from '../../request/context.js';
import type { KmsOperation } from '../../kms/operations.js';
import type { PolicySource } from '../../answer.js';
import type { ClauseContent, NamedPolicy } from '../../policy/model.js';
import { evaluateCondition } from '../../reference/conditions.js';
import { applicableGrants } from '../../reference/grants.js';
import { decideAsIdentity } from '../../reference/kms-decision.js';
import { decideAccountOperation } from '../../reference/account-decision.js';
import { ACCOUNT_REQUEST_CONSTANTS, ACCOUNT_RESOURCE, accountRequestOf } from '../../request/account-request.js';
import { explicitDenies, matchPolicyLayers } from '../../reference/policy-layers.js';
import type { AppliedStatement } from '../../reference/policy-match.js';
import type { PrincipalMatch } from '../../reference/principal-match.js';
import { canAssumeRole } from '../../reference/role-assumption.js';
import { ASSUME_ROLE } from '../../request/role-chain.js';
import { sessionOf, type Caller } from '../../request/caller.js';
import { assumeRoleContext, callerContext, keyContext, mergeContext, type ContextEntries } from '../../request/derive-context.js';
import type { Grant, Key, Role, World } from '../../world/model.js';
import { formatLocation } from '../../errors.js';
import { PRINCIPAL_KEYS } from '../symbolic/request.js';

export interface Requirement {
  /** The role whose sts:AssumeRole request it is about; absent for the KMS request at the end of the path. */
  assuming?: string;
  /** Allow: every clause of one alternative must hold. Deny: the clauses of its one alternative must not all hold. */
  effect: 'Allow' | 'Deny';
  anyOf: ClauseContent[][];
  /** Where the statements or grants it comes from are written. */
  from: string[];
  /** A grant's encryption context constraint; `exact` for EncryptionContextEquals (no other pair). */
  grant?: { exact: boolean };
}

/** The context keys a question fixes: their values (or absence) are the world's, not the request's choice. */
export interface Determined {
  context: RequestContext;
  /** Keys (or `prefix/*` patterns) that are absent unless `context` has them. */
  absent: readonly string[];
}

/** What the world fixes for one of its identities (and a key): as the symbolic questions fix it (symbolic-request.ts). */
export function determinedFor(entries: ContextEntries, absent: readonly string[] = PRINCIPAL_KEYS): Determined {
  return { context: contextFromEntries(entries), absent };
}

function isDetermined(determined: Determined, key: string): boolean {
  if (determined.context.has(key)) return true;
  const lower = key.toLowerCase();
  return determined.absent.some((a) => (a.endsWith('/*') ? lower.startsWith(a.slice(0, -1).toLowerCase()) : a.toLowerCase() === lower));
}

/**
 * Decides the clauses on determined keys: an alternative with a false one is dropped, true ones are left out.
 * A clause whose values hold policy variables is kept (its value depends on the request).
 */
function simplify(anyOf: ClauseContent[][], determined: Determined): ClauseContent[][] {
  const result: ClauseContent[][] = [];
  for (const clauses of anyOf) {
    const kept: ClauseContent[] = [];
    let possible = true;
    for (const clause of clauses) {
      if (!isDetermined(determined, clause.key) || clause.values.some((v) => v.includes('${'))) { kept.push(clause); continue; }
      if (!evaluateCondition(clause, determined.context, '2012-10-17')) { possible = false; break; }
    }
    if (possible) result.push(kept);
  }
  return result;
}

const clausesOf = (applied: AppliedStatement): ClauseContent[] => applied.statement.conditions.map(({ location: _location, ...clause }) => clause);
const whereOf = (applied: readonly AppliedStatement[]) => applied.map((a) => formatLocation(a.statement.location));

/** One of the statements must apply: nothing to say when one of them has no (undecided) condition. */
function oneOf(statements: readonly AppliedStatement[], determined: Determined, assuming: string | undefined): Requirement[] {
  if (statements.length === 0) return [];
  const anyOf = simplify(statements.map(clausesOf), determined);
  if (anyOf.length === 0 || anyOf.some((clauses) => clauses.length === 0)) return [];
  return [{ ...(assuming ? { assuming } : {}), effect: 'Allow', anyOf, from: whereOf(statements) }];
}

/** A Deny that matches but for its conditions: its conditions must not all hold. */
function notDenied(deny: AppliedStatement, determined: Determined, assuming: string | undefined): Requirement[] {
  const [clauses] = simplify([clausesOf(deny)], determined);
  // A Deny whose determined clauses are false never applies; one left with no clause would always apply (the
  // access would not have been found), so it is kept whole rather than dropped.
  if (!clauses) return [];
  return [{ ...(assuming ? { assuming } : {}), effect: 'Deny', anyOf: [clauses.length > 0 ? clauses : clausesOf(deny)], from: whereOf([deny]) }];
}

/** The clauses a grant's encryption context constraints amount to (kms/create-grant-overview.md#grant-constraints). */
function grantClauses(grant: Grant): ClauseContent[] {
  const pairs = grant.constraints?.encryptionContextEquals ?? grant.constraints?.encryptionContextSubset ?? {};
  const clauses: ClauseContent[] = Object.entries({ ...grant.constraints?.encryptionContextSubset, ...pairs }).map(([k, v]) => ({
    operatorText: 'StringEquals', base: 'StringEquals', ifExists: false, key: `kms:EncryptionContext:${k}`, values: [v],
  }));
  if (grant.constraints?.encryptionContextEquals) {
    clauses.push({ operatorText: 'ForAllValues:StringEquals', base: 'StringEquals', ifExists: false, qualifier: 'ForAllValues', key: 'kms:EncryptionContextKeys', values: Object.keys(grant.constraints.encryptionContextEquals) });
  }
  return clauses;
}

interface Hop {
  caller: Caller;
  action: string;
  resource: string;
  resourcePolicy: { source: PolicySource; policy: NamedPolicy | undefined; account: string };
  context: RequestContext;
  /** The reference evaluator's route for the example: the statements and grants that allowed it. */
  matched: readonly MatchedStatement[];
  /** Grants on the route, with how each names the caller (KMS requests only). */
  grants: ReadonlyArray<{ grant: Grant; grantee: PrincipalMatch }>;
  operation?: KmsOperation;
  assuming?: string;
  determined: Determined;
}

function hopRequirements(world: World, hop: Hop): Requirement[] {
  const { caller, assuming, determined } = hop;
  const layers = matchPolicyLayers(world, { caller, action: hop.action, resource: hop.resource, context: hop.context }, hop.resourcePolicy, true);
  const requirements: Requirement[] = [];
  for (const deny of explicitDenies(layers)) requirements.push(...notDenied(deny, determined, assuming));
  // An SCP must allow at every level from the root to the account (Organizations, SCP evaluation).
  for (const level of layers.scp ?? []) requirements.push(...oneOf(level.allows, determined, assuming));
  const onRoute = new Set(hop.matched.map((m) => m.location));
  const resourceKinds = new Set(layers.resource.allows.filter((a) => onRoute.has(formatLocation(a.statement.location))).map((a) => a.principal));
  if (resourceKinds.size > 0) {
    // Across accounts any statement naming the caller will do; in the account, one naming it the same way.
    const sameWay = caller.kind !== 'service' && caller.accountId !== hop.resourcePolicy.account ? layers.resource.allows : layers.resource.allows.filter((a) => resourceKinds.has(a.principal));
    requirements.push(...oneOf(sameWay, determined, assuming));
  }
  const grantees = new Set(hop.grants.map((g) => g.grantee));
  const needsIam = caller.kind !== 'root' && caller.kind !== 'service' && (hop.matched.some((m) => m.source === 'iam-policy') || grantees.has('account'));
  if (needsIam) requirements.push(...oneOf(layers.identity.allows, determined, assuming));
  if (layers.boundary && (needsIam || resourceKinds.has('role') || grantees.has('role'))) requirements.push(...oneOf(layers.boundary.allows, determined, assuming));
  // Operations that ignore grant constraints (kms/create-grant-overview.md#grant-constraints): the operation table's column.
  if (hop.grants.length > 0 && !(hop.operation?.ignoresGrantConstraints ?? false)) {
    const anyOf = simplify(hop.grants.map((g) => grantClauses(g.grant)), determined);
    if (anyOf.length > 0 && anyOf.every((clauses) => clauses.length > 0)) {
      requirements.push({ effect: 'Allow', anyOf, from: hop.grants.map((g) => formatLocation(g.grant.location)), grant: { exact: hop.grants.some((g) => g.grant.constraints?.encryptionContextEquals !== undefined) } });
    }
  }
  return requirements;
}

/** The requirements of the KMS request `caller` makes at the end of its path, with the (full) request context. */
function kmsHop(world: World, key: Key, operation: KmsOperation, caller: Caller, entries: ContextEntries, determined: Determined): Hop {
  const context = contextFromEntries(entries);
  const answer = decideAsIdentity(world, { caller, operation, key, overrides: entries, context });
  const onRoute = new Set(answer.matched.filter((m) => m.source === 'grant').map((m) => m.policy));
  const grants = applicableGrants(key, caller, operation.name, context).filter((g) => onRoute.has(g.grant.grantId));
  return {
    caller, action: operation.action, resource: key.arn, resourcePolicy: { source: 'key-policy', policy: key.policy, account: key.accountId },
    context, matched: answer.matched, grants, operation, determined,
  };
}

function assumeHop(world: World, caller: Caller, role: Role, chosen: ContextEntries): Hop {
  const context = contextFromEntries(assumeRoleContext(world, caller, role.accountId, chosen));
  const decision = canAssumeRole(world, caller, role, chosen);
  return {
    caller, action: ASSUME_ROLE, resource: role.arn, resourcePolicy: { source: 'trust-policy', policy: role.trustPolicy, account: role.accountId },
    context, matched: decision.by, grants: [], assuming: role.arn, determined: determinedFor(assumeRoleContext(world, caller, role.accountId, [])),
  };
}

/** An access's requirements, the statements of every hop's route, and those of the KMS request's route. */
export interface RouteRequirements {
  requirements: Requirement[];
  /** Every hop's route (trust policies and IAM statements of each sts:AssumeRole, then the KMS request's). */
  matched: MatchedStatement[];
  /** The KMS request's route alone. */
  final: MatchedStatement[];
}

/**
 * What an access of an identity of the world needs, itself or through the roles `through` (ARNs, in order);
 * `chosen` holds the context values the request chooses (they apply to every hop, as --context does).
 */
export function accessRequirements(
  world: World, key: Key, operation: KmsOperation, caller: Caller, chosen: ContextEntries, through: readonly string[] = [],
): RouteRequirements {
  const path = pathRequirements(world, caller, chosen, through);
  const derived = mergeContext(callerContext(world, path.caller), keyContext(key));
  const hop = kmsHop(world, key, operation, path.caller, mergeContext(derived, chosen), determinedFor(derived));
  return { requirements: [...path.requirements, ...hopRequirements(world, hop)], matched: [...path.matched, ...hop.matched], final: [...hop.matched] };
}

/**
 * The same for an operation that uses no key (kms:ListKeys...), made in `account` by the identity at the end of
 * the path: its route is the IAM policies, boundary and SCPs (src/reference/account-decision.ts).
 */
export function accountAccessRequirements(
  world: World, operation: KmsOperation, account: string, caller: Caller, chosen: ContextEntries, through: readonly string[] = [],
): RouteRequirements {
  const path = pathRequirements(world, caller, chosen, through);
  const derived = mergeContext(callerContext(world, path.caller), ACCOUNT_REQUEST_CONSTANTS);
  const request = accountRequestOf(world, path.caller, operation, account, chosen);
  const hop: Hop = {
    caller: path.caller, action: operation.action, resource: ACCOUNT_RESOURCE, resourcePolicy: { source: 'key-policy', policy: undefined, account },
    context: request.context, matched: decideAccountOperation(world, request).matched, grants: [], operation, determined: determinedFor(derived),
  };
  return { requirements: [...path.requirements, ...hopRequirements(world, hop)], matched: [...path.matched, ...hop.matched], final: [...hop.matched] };
}

/** The role assumptions along `through`: their requirements and routes, and the identity at the end. */
function pathRequirements(world: World, caller: Caller, chosen: ContextEntries, through: readonly string[]): { requirements: Requirement[]; matched: MatchedStatement[]; caller: Caller } {
  const roles = new Map([...world.accounts.values()].flatMap((a) => [...a.roles.values()].map((r) => [r.arn, r] as const)));
  const requirements: Requirement[] = [];
  const matched: MatchedStatement[] = [];
  let hopCaller = caller;
  for (const arn of through) {
    const role = roles.get(arn);
    if (!role) break;
    const hop = assumeHop(world, hopCaller, role, chosen);
    requirements.push(...hopRequirements(world, hop));
    matched.push(...hop.matched);
    hopCaller = sessionOf(role);
  }
  return { requirements, matched, caller: hopCaller };
}

/** What an access of a principal outside the world (a class's example) needs; `determined` is what the class fixes. */
export function classRequirements(world: World, key: Key, operation: KmsOperation, caller: Caller, context: ContextEntries, determined: Determined): RouteRequirements {
  const hop = kmsHop(world, key, operation, caller, context, determined);
  return { requirements: hopRequirements(world, hop), matched: [...hop.matched], final: [...hop.matched] };
}
