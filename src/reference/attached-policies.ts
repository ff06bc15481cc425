/**
 * Which policies apply to a caller: its identity-based policies, its permissions boundary, and the SCPs of its
 * account; and which RCPs apply to a resource's account.
 */
import type { NamedPolicy } from '../policy/model.js';
import type { Caller } from '../request/caller.js';
import { boundaryOf, identityPoliciesOf } from '../world/attached-policies.js';
import type { OrganizationPolicy, World } from '../world/model.js';
import { attachedAt, levelsOf } from '../world/organization-path.js';


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

/** The SCPs attached at one level of the organization (the root, an OU or the account). */
export interface ScpLevel {
  level: string;
  policies: OrganizationPolicy[];
}

/**
 * SCPs that restrict the caller, level by level from the root down to the caller's account: the root, each OU on
 * the direct path, the account itself (AWS Organizations user guide, "SCP evaluation": "there must be an explicit
 * Allow statement at every level from the root through each OU in the direct path to the account (including the
 * target account itself)"). SCPs apply to every principal of a member account, the root user included
 * (iam/reference_policies_evaluation-logic.md, "AWS Organizations service control policies"); they do not
 * restrict the management account, service-linked roles, or AWS service principals, which belong to no member
 * account (AWS Organizations user guide, "SCP effects on permissions").
 * Only levels with an SCP attached are returned: AWS keeps at least one SCP on every level (FullAWSAccess by
 * default), so a level the world leaves bare is taken as FullAWSAccess (the loader warns). Returns undefined when
 * no SCP applies at any level: such an account is unrestricted (../shared/spec/interface.md section 3).
 */
export function scpsFor(world: World, caller: Caller): ScpLevel[] | undefined {
  const org = world.organization;
  if (!org || caller.kind === 'service') return undefined;
  if (caller.kind === 'role-session' && caller.role.serviceLinked) return undefined;
  if (caller.accountId === org.managementAccount || !org.accounts.includes(caller.accountId)) return undefined;
  const levels = levelsOf(org, caller.accountId)
    .map((level) => ({ level, policies: attachedAt(org.serviceControlPolicies, level) }))
    .filter((l) => l.policies.length > 0);
  return levels.length > 0 ? levels : undefined;
}

/**
 * RCPs that apply to the resource's account: those attached at any level from the root down to the account (AWS
 * Organizations user guide, "RCP evaluation": "any RCP from the root through each OU in the direct path to the
 * account (including the target account itself) can deny"). RCPFullAWSAccess is always attached and cannot be
 * detached, so RCPs only restrict through Deny statements; they do not apply to resources of the management account
 * or to requests by service-linked roles (AWS Organizations user guide, "Resource control policies"; newer than the
 * 2023 pages in ../shared/reference, which the reference README says the live documentation overrides).
 */
export function rcpsFor(world: World, resourceAccount: string, caller: Caller): OrganizationPolicy[] {
  const org = world.organization;
  if (!org || resourceAccount === org.managementAccount || !org.accounts.includes(resourceAccount)) return [];
  if (caller.kind === 'role-session' && caller.role.serviceLinked) return [];
  const levels = levelsOf(org, resourceAccount);
  return org.resourceControlPolicies.filter((p) => levels.some((level) => p.targets.includes(level)));
}
