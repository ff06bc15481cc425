/**
 * The documented rules of use authorization that key policies and role trust policies share, one rule a function.
 * Both are resource policies that "must explicitly allow access for principals"
 * (iam/reference_policies_evaluation-logic.md, "Resource-based policies"): naming the caller's account does not by
 * itself give access; it lets the account's IAM policies give it.
 */
import type { MatchedStatement } from '../answer.js';
import type { Caller } from '../request/caller.js';
import type { AppliedStatement } from './policy-match.js';
import type { PolicyLayers } from './policy-layers.js';

const refs = (applied: readonly AppliedStatement[]): MatchedStatement[] => applied.map((a) => a.ref);

/**
 * SCPs: when SCPs restrict the caller's account, an SCP must allow the action at every level from the root down to
 * the account, or the request is denied (AWS Organizations user guide, "SCP evaluation";
 * iam/reference_policies_evaluation-logic.md, step "Organizations SCPs"). Several SCPs attached at one level are
 * alternatives: one Allow among them suffices for that level.
 */
export function scpAllows(layers: PolicyLayers): { allowed: boolean; by: MatchedStatement[] } {
  if (!layers.scp) return { allowed: true, by: [] };
  return { allowed: layers.scp.every((level) => level.allows.length > 0), by: layers.scp.flatMap((level) => refs(level.allows)) };
}

/**
 * Identity-based policies allow when one of their statements allows. The account root user has full access
 * without any policy (iam/reference_policies_evaluation-logic.md, "By default, all requests are implicitly denied
 * with the exception of the AWS account root user").
 */
export function identityPoliciesAllow(caller: Caller, layers: PolicyLayers): { allowed: boolean; by: MatchedStatement[] } {
  if (caller.kind === 'root') return { allowed: true, by: [] };
  return { allowed: layers.identity.allows.length > 0, by: refs(layers.identity.allows) };
}

/** A permissions boundary, when the caller has one, must also allow (iam/access_policies_boundaries.md). */
export function boundaryAllows(layers: PolicyLayers): { allowed: boolean; by: MatchedStatement[] } {
  if (!layers.boundary) return { allowed: true, by: [] };
  return { allowed: layers.boundary.allows.length > 0, by: refs(layers.boundary.allows) };
}

/** Identity policies are effective only within the boundary (iam/access_policies_boundaries.md). */
export function iamPermits(caller: Caller, layers: PolicyLayers): { allowed: boolean; by: MatchedStatement[] } {
  const identity = identityPoliciesAllow(caller, layers);
  const boundary = boundaryAllows(layers);
  return { allowed: identity.allowed && boundary.allowed, by: [...identity.by, ...boundary.by] };
}

/**
 * Statements of the resource policy that allow the caller directly. One that names the caller's own ARN (a user,
 * a role session, the root user, a service) or "*" is not limited by an implicit deny in a permissions boundary;
 * one that names the caller's role is (iam/reference_policies_evaluation-logic.md, table "Resource-based policies
 * and implicit denies in other policy types"; iam/access_policies_boundaries.md).
 */
export function resourcePolicyAllowsCaller(layers: PolicyLayers): AppliedStatement[] {
  const withinBoundary = boundaryAllows(layers).allowed;
  return layers.resource.allows.filter((a) => a.principal === 'identity' || (a.principal === 'role' && withinBoundary));
}

/** Statements of the resource policy that name the caller, whatever the way (for the cross-account rule). */
export function resourcePolicyNamesCaller(layers: PolicyLayers): AppliedStatement[] {
  return layers.resource.allows;
}

/**
 * Statements of the resource policy that name the caller's account: they let IAM policies in that account allow
 * (kms/key-policy-default.md#allow-iam-policies: "Without this permission, IAM policies that allow access to the
 * key are ineffective").
 */
export function resourcePolicyDelegatesToAccount(layers: PolicyLayers): AppliedStatement[] {
  return layers.resource.allows.filter((a) => a.principal === 'account');
}

export { refs as statementRefs };
