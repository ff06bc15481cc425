/**
 * Which policies apply to a caller: its identity-based policies, its permissions boundary, and the SCPs of its
 * account; and which RCPs apply to a resource's account.
 */
import type { NamedPolicy } from '../policy/model.js';
import type { Caller } from '../request/caller.js';
import type { ManagedPolicy, OrganizationPolicy, PolicyHolder, User, World } from '../world/model.js';

export function findManagedPolicy(world: World, arn: string): ManagedPolicy | undefined {
  const aws = world.awsManagedPolicies.get(arn);
  if (aws) return aws;
  for (const account of world.accounts.values()) {
    const policy = account.managedPolicies.get(arn);
    if (policy) return policy;
  }
  return undefined;
}

function policiesOfHolder(world: World, holder: PolicyHolder): NamedPolicy[] {
  const managed = holder.managedPolicyArns.flatMap((arn) => findManagedPolicy(world, arn) ?? []);
  return [...holder.inlinePolicies, ...managed];
}

function groupsOf(world: World, user: User): PolicyHolder[] {
  const account = world.accounts.get(user.accountId);
  return user.groupArns.flatMap((arn) => account?.groups.get(arn) ?? []);
}

/**
 * Identity-based policies: for a user, its inline and managed policies and those of its groups; for a role
 * session, the role's (iam/reference_policies_evaluation-logic.md, "Identity-based policies").
 * The root user and service principals have none.
 */
export function identityPolicies(world: World, caller: Caller): NamedPolicy[] {
  switch (caller.kind) {
    case 'user':
      return [caller.user, ...groupsOf(world, caller.user)].flatMap((h) => policiesOfHolder(world, h));
    case 'role-session':
      return policiesOfHolder(world, caller.role);
    default:
      return [];
  }
}

/** The permissions boundary of the user or role behind the caller, if any (iam/access_policies_boundaries.md). */
export function permissionsBoundary(world: World, caller: Caller): NamedPolicy | undefined {
  const arn = caller.kind === 'user' ? caller.user.permissionsBoundaryArn
    : caller.kind === 'role-session' ? caller.role.permissionsBoundaryArn : undefined;
  return arn ? findManagedPolicy(world, arn) : undefined;
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
