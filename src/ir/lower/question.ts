/**
 * The facts and rules for one question: a KMS request on a key, or sts:AssumeRole on a role, by a caller.
 * With a known caller, only the caller's own identity policies are lowered (the semantics would ignore the
 * others anyway); for a symbolic caller, pass `caller: undefined` to lower every identity of the world.
 */
import { formatLocation } from '../../errors.js';
import { KMS_OPERATIONS } from '../../kms/operations.js';
import { stateBlocksOperation } from '../../kms/key-states.js';
import type { NamedPolicy } from '../../policy/model.js';
import type { PolicySource } from '../../answer.js';
import type { Caller } from '../../request/caller.js';
import { ASSUME_ROLE } from '../../request/role-chain.js';
import type { Grant, Key, PolicyHolder, Role, User, World } from '../../world/model.js';
import { findManagedPolicy, isUnknownPolicy } from '../../world/attached-policies.js';
import { granteeEntry } from '../../world/grantee.js';
import { levelsOf } from '../../world/organization-path.js';
import { atom, str, where, type Constraint, type Program, type Rule } from '../ast.js';
import { principalNames } from './principal.js';
import { lowerPolicy } from './statement.js';
import { lowerUnknownPolicy } from './unknown-policy.js';

/**
 * `caller`: a known caller (only its identity policies are lowered); `undefined`: every identity of the world;
 * `'outside'`: a class of principals outside the world, whose IAM policies are unknown.
 */
export type QuestionCaller = Caller | undefined | 'outside';

export type Question =
  | { kind: 'kms'; key: Key; caller?: QuestionCaller }
  | { kind: 'assume-role'; role: Role; caller?: QuestionCaller }
  /** A KMS operation that uses no key (kms:ListKeys...), asked in `account`. */
  | { kind: 'account'; account: string; caller?: QuestionCaller };

const fact = (predicate: string, ...args: string[]): Rule => ({ head: atom(predicate, ...args.map(str)), body: [] });

class ProgramBuilder {
  readonly rules: Rule[] = [];
  private readonly lowered = new Set<string>();

  add(...rules: Rule[]): void {
    this.rules.push(...rules);
  }

  /** Lowers a policy once, whatever the number of places it is attached. */
  policy(source: PolicySource, id: string, policy: NamedPolicy, missingResource: 'applies' | 'never' = 'applies'): string {
    if (!this.lowered.has(id)) {
      this.lowered.add(id);
      this.add(...lowerPolicy(source, id, policy, missingResource));
    }
    return id;
  }

  /** A policy whose document is unknown, lowered once: its statements' matches are open choices. */
  unknownPolicy(source: PolicySource, id: string, arn: string): string {
    if (!this.lowered.has(id)) {
      this.lowered.add(id);
      this.add(...lowerUnknownPolicy(source, id, arn));
    }
    return id;
  }
}


/** The identity's inline and managed policies as `attached(E, P)` facts. */
function lowerHolder(b: ProgramBuilder, world: World, holder: PolicyHolder): void {
  for (const inline of holder.inlinePolicies) {
    b.add(fact('attached', holder.arn, b.policy('iam-policy', `${holder.arn}#inline/${inline.name}`, inline)));
  }
  for (const arn of holder.managedPolicyArns) {
    const managed = findManagedPolicy(world, arn);
    if (managed) b.add(fact('attached', holder.arn, b.policy('iam-policy', arn, managed)));
    else if (isUnknownPolicy(world, arn)) b.add(fact('attached', holder.arn, b.unknownPolicy('iam-policy', `unknown:${arn}`, arn)));
  }
}

function lowerBoundary(b: ProgramBuilder, world: World, entity: User | Role): void {
  const arn = entity.permissionsBoundaryArn;
  if (!arn) return;
  const boundary = findManagedPolicy(world, arn);
  if (boundary) b.add(fact('boundary', entity.arn, b.policy('permissions-boundary', `boundary:${arn}`, boundary)));
  else if (isUnknownPolicy(world, arn)) b.add(fact('boundary', entity.arn, b.unknownPolicy('permissions-boundary', `unknown-boundary:${arn}`, arn)));
}

function lowerUser(b: ProgramBuilder, world: World, user: User): void {
  b.add(fact('user', user.arn));
  lowerHolder(b, world, user);
  lowerBoundary(b, world, user);
  const account = world.accounts.get(user.accountId);
  for (const groupArn of user.groupArns) {
    const group = account?.groups.get(groupArn);
    if (!group) continue;
    b.add(fact('in_group', user.arn, group.arn));
    lowerHolder(b, world, group);
  }
}

function lowerRole(b: ProgramBuilder, world: World, role: Role): void {
  b.add(fact('role', role.arn));
  if (role.serviceLinked) b.add(fact('service_linked_role', role.arn));
  lowerHolder(b, world, role);
  lowerBoundary(b, world, role);
}

function lowerIdentities(b: ProgramBuilder, world: World, caller: QuestionCaller): void {
  if (caller === 'outside') return b.add(fact('unknown_identity'));
  if (caller?.kind === 'user') return lowerUser(b, world, caller.user);
  if (caller?.kind === 'role-session') return lowerRole(b, world, caller.role);
  if (caller) return; // the root user and service principals have no identity policies
  for (const account of world.accounts.values()) {
    for (const user of account.users.values()) lowerUser(b, world, user);
    for (const role of account.roles.values()) lowerRole(b, world, role);
  }
}

/**
 * The organization as facts: `org_level(A, L)` for each level from the root down to member account A (the root,
 * the OUs on its path, A itself), and `scp_attached(L, P)` / `rcp_attached(L, P)` for the policies at each level.
 * How the levels combine is kms.kp's to say.
 */
function lowerOrganization(b: ProgramBuilder, world: World): void {
  const org = world.organization;
  if (!org) return;
  if (org.managementAccount) b.add(fact('management_account', org.managementAccount));
  for (const account of org.accounts) {
    for (const level of levelsOf(org, account)) b.add(fact('org_level', account, level));
  }
  for (const scp of org.serviceControlPolicies) {
    const id = b.policy('scp', `scp:${scp.name}`, scp);
    for (const target of scp.targets) b.add(fact('scp_attached', target, id));
  }
  for (const rcp of org.resourceControlPolicies) {
    const id = b.policy('rcp', `rcp:${rcp.name}`, rcp);
    for (const target of rcp.targets) b.add(fact('rcp_attached', target, id));
  }
}


/**
 * Encryption context constraints (kms/create-grant-overview.md#grant-constraints). The operations that ignore them
 * are a column of the operation table, read by a rule of kms.kp (ignores_grant_constraints).
 */
function grantConstraints(grant: Grant): Constraint {
  const c = grant.constraints;
  if (!c) return { kind: 'true' };
  const pairs = (record: Record<string, string>): Constraint[] => Object.entries(record).flatMap(([k, v]) => [
    { kind: 'context', quantifier: 'any', key: 'kms:EncryptionContextKeys', test: { kind: 'in', values: [k], ignoreCase: false } },
    { kind: 'context', quantifier: 'any', key: `kms:EncryptionContext:${k}`, test: { kind: 'in', values: [v], ignoreCase: false } },
  ] satisfies Constraint[]);
  const parts: Constraint[] = [];
  if (c.encryptionContextSubset) parts.push(...pairs(c.encryptionContextSubset));
  if (c.encryptionContextEquals) {
    parts.push(...pairs(c.encryptionContextEquals));
    parts.push({ kind: 'context', quantifier: 'all', key: 'kms:EncryptionContextKeys', test: { kind: 'in', values: Object.keys(c.encryptionContextEquals), ignoreCase: false } });
  }
  return { kind: 'and', items: parts };
}

/** A grant as rules: `grant(G)`, `grant_op(G, Op)`, `grantee(G, How)`, `grant_constraints_hold(G)`. */
export function grantRules(grant: Grant): Rule[] {
  const g = str(grant.grantId);
  const provenance = { source: 'grant' as const, policy: grant.grantId, sid: grant.name || grant.grantId, file: formatLocation({ ...grant.location, pointer: '' }), at: grant.location.pointer };
  const rules: Rule[] = [{ head: atom('grant', g), body: [], provenance }];
  for (const op of grant.operations) rules.push({ head: atom('grant_op', g, str(`kms:${op}`)), body: [], provenance });
  const entry = granteeEntry(grant);
  for (const how of ['identity', 'role', 'account'] as const) {
    const c = principalNames([entry], how);
    if (c.kind !== 'false') rules.push({ head: atom('grantee', g, str(how)), body: [where(c)], provenance });
  }
  rules.push({ head: atom('grant_constraints_hold', g), body: [where(grantConstraints(grant))], provenance });
  return rules;
}

export function lowerQuestion(world: World, question: Question): Program {
  const b = new ProgramBuilder();
  lowerIdentities(b, world, question.caller);
  lowerOrganization(b, world);
  if (question.kind === 'kms') {
    const key = question.key;
    b.add(fact('resource_account', key.accountId));
    b.add(fact('resource_policy', b.policy('key-policy', `key:${key.arn}`, key.policy, 'never')));
    for (const grant of key.grants) b.add(...grantRules(grant));
    for (const op of KMS_OPERATIONS) {
      if (op.crossAccount) b.add(fact('cross_account_operation', op.action));
      if (op.ignoresGrantConstraints) b.add(fact('ignores_grant_constraints', op.action));
      if (op.resource !== 'none' && stateBlocksOperation(key.state, op.name).blocked) b.add(fact('state_blocks', op.action));
    }
  } else if (question.kind === 'account') {
    // No resource policy, grant or key state; no resource_account either, so no RCP (src/reference/account-decision.ts).
    b.add(fact('account_question'));
    b.add(fact('requested_account', question.account));
  } else {
    const role = question.role;
    b.add(fact('assume_role_question'));
    b.add(fact('resource_account', role.accountId));
    b.add(fact('cross_account_operation', ASSUME_ROLE));
    if (role.trustPolicy) b.add(fact('resource_policy', b.policy('trust-policy', `trust:${role.arn}`, role.trustPolicy)));
  }
  return { rules: b.rules };
}
