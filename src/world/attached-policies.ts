/**
 * Which policies are attached to an identity of the world: model navigation, shared by the reference evaluator,
 * the lowering and the symbolic questions (how the policies are read is each engine's own business).
 */
import type { NamedPolicy } from '../policy/model.js';
import type { ManagedPolicy, PolicyHolder, Role, User, World } from './model.js';

/** A managed policy by ARN: an AWS managed policy the world supplies, or a customer managed policy of an account. */
export function findManagedPolicy(world: World, arn: string): ManagedPolicy | undefined {
  const aws = world.awsManagedPolicies.get(arn);
  if (aws) return aws;
  for (const account of world.accounts.values()) {
    const policy = account.managedPolicies.get(arn);
    if (policy) return policy;
  }
  return undefined;
}

/** A holder's inline and managed policies. */
export function policiesOfHolder(world: World, holder: PolicyHolder): NamedPolicy[] {
  const managed = holder.managedPolicyArns.flatMap((arn) => findManagedPolicy(world, arn) ?? []);
  return [...holder.inlinePolicies, ...managed];
}

/** The groups a user belongs to (those its account describes). */
export function groupsOf(world: World, user: User): PolicyHolder[] {
  const account = world.accounts.get(user.accountId);
  return user.groupArns.flatMap((arn) => account?.groups.get(arn) ?? []);
}

/**
 * Identity-based policies of a user (its own and its groups') or a role (iam/reference_policies_evaluation-logic.md,
 * "Identity-based policies").
 */
export function identityPoliciesOf(world: World, entity: User | Role): NamedPolicy[] {
  return entity.kind === 'user'
    ? [entity, ...groupsOf(world, entity)].flatMap((h) => policiesOfHolder(world, h))
    : policiesOfHolder(world, entity);
}

/** The permissions boundary of a user or role, if any (iam/access_policies_boundaries.md). */
export function boundaryOf(world: World, entity: User | Role): ManagedPolicy | undefined {
  return entity.permissionsBoundaryArn ? findManagedPolicy(world, entity.permissionsBoundaryArn) : undefined;
}

/** An attached policy or permissions boundary whose document keyproof does not know (see World.missingManagedPolicies). */
export interface UnknownPolicy {
  arn: string;
  /** The user, group or role it is attached to. */
  attachedTo: string;
  use: 'attached' | 'boundary';
}

/** Is this managed policy ARN one whose document is known neither from the world nor from the snapshot? */
export function isUnknownPolicy(world: World, arn: string): boolean {
  return world.missingManagedPolicies.length > 0 && findManagedPolicy(world, arn) === undefined;
}

/**
 * The unknown policies that bear on a user's or role's own requests: attached to it (or, for a user, to its groups),
 * or its permissions boundary.
 */
export function unknownPoliciesOf(world: World, entity: User | Role): UnknownPolicy[] {
  if (world.missingManagedPolicies.length === 0) return [];
  const holders = entity.kind === 'user' ? [entity, ...groupsOf(world, entity)] : [entity];
  const found: UnknownPolicy[] = holders.flatMap((h) => h.managedPolicyArns
    .filter((arn) => isUnknownPolicy(world, arn))
    .map((arn) => ({ arn, attachedTo: h.arn, use: 'attached' as const })));
  const boundary = entity.permissionsBoundaryArn;
  if (boundary && isUnknownPolicy(world, boundary)) found.push({ arn: boundary, attachedTo: entity.arn, use: 'boundary' });
  return found;
}

/** Why an answer is UNKNOWN because of unknown policies (the `detail` of a check, an undecided entry of who-can). */
export function unknownPoliciesDetail(policies: readonly UnknownPolicy[]): string {
  const each = policies.map((p) => `${p.use === 'boundary' ? 'permissions boundary' : 'policy'} ${p.arn} of ${p.attachedTo}`);
  return `depends on the unknown document of the AWS managed ${[...new Set(each)].join(', ')} (supply it under "awsManagedPolicies")`;
}
