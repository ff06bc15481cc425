/**
 * Which policies apply to a caller: its identity-based policies, its permissions boundary, and the SCPs of its
 * account; and which RCPs apply to a resource's account.
 */
import type { NamedPolicy } from '../policy/model.js';
import type { Caller } from '../request/caller.js';
import { boundaryOf, identityPoliciesOf } from '../world/attached-policies.js';
import type { OrganizationPolicy, World } from '../world/model.js';


/**
 * Identity-based policies: for a user, its inline and managed policies and those of its groups; for a role
 * session, the role's (iam/reference_policies_evaluation-logic.md, "Identity-based policies").
 * The root user and service principals have none.
 */
export function identityPolicies(world: World, caller: Caller): NamedPolicy[] {
  switch (caller.kind) {
    case 'user':
      return identityPoliciesOf(world, caller.user);
    case 'role-session':
      return identityPoliciesOf(world, caller.role);
    default:
      return [];
  }
}

/** The permissions boundary of the user or role behind the caller, if any (iam/access_policies_boundaries.md). */
export function permissionsBoundary(world: World, caller: Caller): NamedPolicy | undefined {
  const entity = caller.kind === 'user' ? caller.user : caller.kind === 'role-session' ? caller.role : undefined;
  return entity ? boundaryOf(world, entity) : undefined;
}

/**
 * SCPs that restrict the caller. SCPs apply to every principal of a member account, the root user included
 * (iam/reference_policies_evaluation-logic.md, "AWS Organizations service control policies"); they do not
 * restrict the management account, service-linked roles, or AWS service principals, which belong to no member
 * account (AWS Organizations user guide, "SCP effects on permissions"). Returns undefined when no SCP targets the
 * caller's account: such an account is unrestricted (../shared/spec/interface.md section 3).
 */
export function scpsFor(world: World, caller: Caller): OrganizationPolicy[] | undefined {
  const org = world.organization;
  if (!org || caller.kind === 'service') return undefined;
  if (caller.kind === 'role-session' && caller.role.serviceLinked) return undefined;
  if (caller.accountId === org.managementAccount || !org.accounts.includes(caller.accountId)) return undefined;
  const scps = org.serviceControlPolicies.filter((p) => p.targets.includes(caller.accountId));
  return scps.length > 0 ? scps : undefined;
}

/**
 * RCPs attached to the resource's account. RCPFullAWSAccess is always attached and cannot be detached, so RCPs
 * only restrict through Deny statements; they do not apply to resources of the management account or to
 * requests by service-linked roles (AWS Organizations user guide, "Resource control policies"; newer than the
 * 2023 pages in ../shared/reference, which the reference README says the live documentation overrides).
 */
export function rcpsFor(world: World, resourceAccount: string, caller: Caller): OrganizationPolicy[] {
  const org = world.organization;
  if (!org || resourceAccount === org.managementAccount || !org.accounts.includes(resourceAccount)) return [];
  if (caller.kind === 'role-session' && caller.role.serviceLinked) return [];
  return org.resourceControlPolicies.filter((p) => p.targets.includes(resourceAccount));
}
