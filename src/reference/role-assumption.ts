/**
 * Role assumption: may an identity call sts:AssumeRole on a role? The role's trust policy is a resource policy
 * that must name its principals: within one account, a trust policy naming the caller is enough; naming the
 * account needs the caller's IAM policy too; across accounts both halves are needed
 * (iam/id_roles_use_permissions-to-switch.md; iam/reference_policies_evaluation-logic.md, "Resource-based policies";
 * iam/reference_policies_evaluation-logic-cross-account.md). Explicit denies, SCPs and RCPs apply as anywhere.
 */
import { QUESTIONS } from '../flowchart.js';
import type { MatchedStatement } from '../answer.js';
import { ASSUME_ROLE, type RoleChain } from '../request/role-chain.js';
export type { RoleChain } from '../request/role-chain.js';
import { sessionOf, type Caller } from '../request/caller.js';
import { contextFromEntries } from '../request/context.js';
import { assumeRoleContext, type ContextEntries } from '../request/derive-context.js';
import type { Role, World } from '../world/model.js';
import { explicitDenies, matchPolicyLayers } from './policy-layers.js';
import { resourcePolicyAccess } from './resource-policy-access.js';
import { scpAllows, statementRefs } from './rules.js';
import { Trace } from './trace.js';


export interface AssumeRoleDecision {
  allowed: boolean;
  /** The trust policy and IAM statements that allowed it (or the denies that blocked it). */
  by: MatchedStatement[];
  trace: Trace;
}

export function canAssumeRole(world: World, caller: Caller, role: Role, overrides: ContextEntries): AssumeRoleDecision {
  const trace = new Trace();
  trace.part = 'role-assumption';
  trace.note = `${caller.arn} assumes ${role.arn}`;
  // "You cannot switch roles when you sign in as the AWS account root user" (iam/id_roles_use_permissions-to-switch.md).
  if (caller.kind === 'root') {
    trace.ask(QUESTIONS.rootCannotAssume, false);
    return { allowed: false, by: [], trace };
  }
  if (!role.trustPolicy) {
    trace.ask(QUESTIONS.hasTrustPolicy, false);
    return { allowed: false, by: [], trace };
  }
  const context = contextFromEntries(assumeRoleContext(world, caller, role.accountId, overrides));
  const layers = matchPolicyLayers(
    world,
    { caller, action: ASSUME_ROLE, resource: role.arn, context },
    { source: 'trust-policy', policy: role.trustPolicy, account: role.accountId },
  );
  const denies = statementRefs(explicitDenies(layers));
  if (trace.ask(QUESTIONS.explicitDenyAssumeRole, denies.length > 0, denies)) {
    return { allowed: false, by: denies, trace };
  }
  const scp = scpAllows(layers);
  if (layers.scp && !trace.ask(QUESTIONS.scpAllows(ASSUME_ROLE), scp.allowed, scp.by)) {
    return { allowed: false, by: [], trace };
  }
  const access = resourcePolicyAccess(caller, role.accountId, layers, trace, 'the trust policy');
  return { allowed: access.allowed, by: access.by, trace };
}


/**
 * The world's roles by ARN (code-unit order). Visiting them in this order makes the breadth-first chain to each
 * role the canonical one every question reports: a shortest chain, ties broken by the lexicographically smallest
 * sequence of role ARNs.
 */
function allRoles(world: World): Role[] {
  return [...world.accounts.values()].flatMap((a) => [...a.roles.values()]).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/**
 * Every role the caller can reach by assuming roles any number of times, each with a shortest chain, in
 * breadth-first order (so shorter chains come first). Each role is visited once, which also ends cycles. Roles are
 * tried in ARN order, so among shortest chains the one with the lexicographically smallest ARN sequence is kept.
 * Every role is tried from every identity reached: this is the oracle that role-reachability.ts is tested against.
 */
export function roleChains(world: World, caller: Caller, overrides: ContextEntries): RoleChain[] {
  const startId = caller.kind === 'role-session' ? caller.roleArn : caller.arn;
  const visited = new Set<string>([startId]);
  const reached: RoleChain[] = [];
  let frontier: RoleChain[] = [{ caller, path: [startId], matched: [], trace: [] }];
  const roles = allRoles(world);
  while (frontier.length > 0) {
    const next: RoleChain[] = [];
    for (const hop of frontier) {
      for (const role of roles) {
        if (visited.has(role.arn)) continue;
        const assumption = canAssumeRole(world, hop.caller, role, overrides);
        if (!assumption.allowed) continue;
        visited.add(role.arn);
        next.push({
          caller: sessionOf(role), path: [...hop.path, role.arn],
          matched: [...hop.matched, ...assumption.by], trace: [...hop.trace, ...assumption.trace.steps],
        });
      }
    }
    reached.push(...next);
    frontier = next;
  }
  return reached;
}

/**
 * The chain along the given roles (ARNs, in order), if the caller can assume each in turn; `undefined` when a step
 * is not allowed or a role is not in the world. Used to check a chain another engine found, without searching.
 */
export function chainAlong(world: World, caller: Caller, roleArns: readonly string[], overrides: ContextEntries): RoleChain | undefined {
  const roles = new Map(allRoles(world).map((r) => [r.arn, r]));
  let hop: RoleChain = { caller, path: [caller.kind === 'role-session' ? caller.roleArn : caller.arn], matched: [], trace: [] };
  for (const arn of roleArns) {
    const role = roles.get(arn);
    if (!role) return undefined;
    const assumption = canAssumeRole(world, hop.caller, role, overrides);
    if (!assumption.allowed) return undefined;
    hop = { caller: sessionOf(role), path: [...hop.path, arn], matched: [...hop.matched, ...assumption.by], trace: [...hop.trace, ...assumption.trace.steps] };
  }
  return hop;
}
