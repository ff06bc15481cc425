/**
 * Applies a change to a copy of a world: the world before the change (the world, plus what the change says
 * exists before it that the world lacks), and the world after it (the facts of every changed resource retracted,
 * their new facts asserted). One function serves every source of changes (Terraform, CloudFormation).
 *
 * Facts that name an identity or policy the world lacks are not dropped: each is a `problem`, which makes the
 * answers incomplete (a change must not pass because keyproof could not place part of it).
 */
import { InternalError, type SourceLocation } from '../../errors.js';
import { parseArn } from '../../policy/arn.js';
import { defaultKeyPolicy } from '../default-key-policy.js';
import { isServiceLinkedPath } from '../native/identities.js';
import type { Account, Group, Key, Organization, OrganizationPolicy, PolicyHolder, Role, User, World } from '../model.js';
import type { Fact, Unsupported, WorldChange } from './model.js';
import { allowEverything } from './upper-bound.js';

/** The two worlds a change is judged on, and which parts of the after world depend on unknown values. */
export interface ChangedWorlds {
  before: World;
  after: World;
  /** Unknown values by what they are part of: a key ARN, an identity ARN, a managed policy ARN, or `account:ID`. */
  unknowns: Map<string, Set<string>>;
  /** Facts that could not be placed (an attachment to a role neither the world nor the change holds, ...). */
  problems: Unsupported[];
  /** Keys and principals the change touches, to choose the keys whose access can change. */
  touched: { keys: Set<string>; others: boolean };
}

/** The order facts are asserted in: what exists first, then what refers to it. */
const ORDER: Fact['kind'][] = [
  'key', 'user', 'role', 'group', 'managed-policy', 'org-policy',
  'key-policy', 'grant', 'alias', 'inline-policy', 'attachment', 'membership', 'org-attachment',
];
const byOrder = (a: Fact, b: Fact) =>
  ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.kind === 'key-policy' && b.kind === 'key-policy' ? a.priority - b.priority : 0);

/** A placeholder organization id for SCPs a change adds to a world that has no organization. */
export const UNKNOWN_ORGANIZATION_ID = 'o-unknownorg0';

export function applyChange(world: World, change: WorldChange): ChangedWorlds {
  const problems: Unsupported[] = [];
  const base = copyWorld(world);
  for (const account of change.accounts) ensureAccount(base, account, { file: change.file, pointer: '' });
  const before = new Editor(base, problems, 'fill');
  const all = change.resources.flatMap((r) => r.before).sort(byOrder);
  all.forEach((f) => before.assert(f));

  const after = new Editor(copyWorld(before.world), problems, 'set');
  const changed = change.resources.filter((r) => r.resource.action !== 'no-op');
  const asserted = changed.flatMap((r) => r.after).sort(byOrder);
  const kept = new Set(asserted.map(identityOfFact).filter((id): id is string => id !== undefined));
  for (const fact of changed.flatMap((r) => r.before).sort(byOrder).reverse()) after.retract(fact, kept);
  asserted.forEach((f) => after.assert(f));

  const touched = { keys: new Set<string>(), others: false };
  for (const fact of changed.flatMap((r) => [...r.before, ...r.after])) {
    const key = keyOfFact(fact);
    if (key) touched.keys.add(key); else touched.others = true;
  }
  return { before: before.world, after: after.world, unknowns: after.unknowns, problems, touched };
}

/** The entity a fact creates, if any (an update re-asserts it: its relations are kept). */
function identityOfFact(fact: Fact): string | undefined {
  switch (fact.kind) {
    case 'key': case 'user': case 'role': case 'group': case 'managed-policy': return fact.arn;
    case 'org-policy': return fact.id;
    default: return undefined;
  }
}

function keyOfFact(fact: Fact): string | undefined {
  switch (fact.kind) {
    case 'key': return fact.arn;
    case 'key-policy': case 'alias': return fact.keyArn;
    case 'grant': return fact.grant.keyArn;
    default: return undefined;
  }
}

/** A copy of the world that edits cannot reach back from (policy documents are never edited, so they are shared). */
export function copyWorld(world: World): World {
  const accounts = new Map<string, Account>();
  for (const [id, a] of world.accounts) {
    accounts.set(id, {
      ...a,
      users: new Map([...a.users].map(([k, u]) => [k, { ...u, inlinePolicies: [...u.inlinePolicies], managedPolicyArns: [...u.managedPolicyArns], groupArns: [...u.groupArns], tags: { ...u.tags } }])),
      roles: new Map([...a.roles].map(([k, r]) => [k, { ...r, inlinePolicies: [...r.inlinePolicies], managedPolicyArns: [...r.managedPolicyArns], tags: { ...r.tags } }])),
      groups: new Map([...a.groups].map(([k, g]) => [k, { ...g, inlinePolicies: [...g.inlinePolicies], managedPolicyArns: [...g.managedPolicyArns] }])),
      managedPolicies: new Map(a.managedPolicies),
    });
  }
  const keys = new Map([...world.keys].map(([k, key]) => [k, { ...key, grants: [...key.grants], aliases: [...key.aliases], tags: { ...key.tags } }]));
  const organization: Organization | undefined = world.organization && {
    ...world.organization,
    accounts: [...world.organization.accounts],
    serviceControlPolicies: world.organization.serviceControlPolicies.map(copyOrgPolicy),
    resourceControlPolicies: world.organization.resourceControlPolicies.map(copyOrgPolicy),
  };
  return {
    ...world, accounts, keys, aliases: new Map(world.aliases), awsManagedPolicies: new Map(world.awsManagedPolicies),
    missingManagedPolicies: [...world.missingManagedPolicies], warnings: [...world.warnings],
    ...(organization ? { organization } : {}),
  };
}

function copyOrgPolicy(policy: OrganizationPolicy): OrganizationPolicy {
  const copy = { ...policy, targets: [...policy.targets] };
  const id = policyIds.get(policy);
  if (id !== undefined) policyIds.set(copy, id);
  return copy;
}

function ensureAccount(world: World, id: string, location: SourceLocation): Account {
  let account = world.accounts.get(id);
  if (!account) {
    account = { id, users: new Map(), roles: new Map(), groups: new Map(), managedPolicies: new Map(), location };
    world.accounts.set(id, account);
  }
  return account;
}

const accountOfArn = (arn: string) => parseArn(arn)?.account ?? '';
const nameOfArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const pathOfArn = (arn: string) => {
  const resource = parseArn(arn)?.resource ?? '';
  const slash = resource.indexOf('/');
  return resource.slice(slash, resource.lastIndexOf('/') + 1);
};

/**
 * Edits one world. `fill` (the world before the change) adds only what the world lacks: the world, when given, is
 * the more complete description of what exists. `set` (the world after) makes each fact true.
 */
class Editor {
  readonly unknowns = new Map<string, Set<string>>();

  constructor(readonly world: World, private readonly problems: Unsupported[], private readonly mode: 'fill' | 'set') {}

  private note(scope: string, fact: Fact): void {
    if (fact.unknowns.length === 0) return;
    const set = this.unknowns.get(scope) ?? new Set<string>();
    fact.unknowns.forEach((u) => set.add(u));
    this.unknowns.set(scope, set);
  }

  private problem(fact: Fact, why: string): void {
    this.problems.push({ resource: fact.kind, why, location: fact.location });
  }

  private holder(arn: string): PolicyHolder | undefined {
    const account = this.world.accounts.get(accountOfArn(arn));
    return account?.users.get(arn) ?? account?.roles.get(arn) ?? account?.groups.get(arn);
  }

  private organization(): Organization {
    const organization = this.world.organization ?? { id: UNKNOWN_ORGANIZATION_ID, accounts: [], units: [], serviceControlPolicies: [], resourceControlPolicies: [] };
    this.world.organization = organization;
    return organization;
  }

  private orgPolicy(id: string): { policy: OrganizationPolicy; type: 'scp' | 'rcp' } | undefined {
    const org = this.world.organization;
    const scp = org?.serviceControlPolicies.find((p) => p.name === id || policyIds.get(p) === id);
    if (scp) return { policy: scp, type: 'scp' };
    const rcp = org?.resourceControlPolicies.find((p) => p.name === id || policyIds.get(p) === id);
    return rcp ? { policy: rcp, type: 'rcp' } : undefined;
  }

  assert(fact: Fact): void {
    const fill = this.mode === 'fill';
    switch (fact.kind) {
      case 'key': {
        const existing = this.world.keys.get(fact.arn);
        this.note(fact.arn, fact);
        if (existing && fill) return;
        const key: Key = existing ?? {
          arn: fact.arn, id: nameOfArn(fact.arn), accountId: fact.accountId, region: fact.region, state: fact.state,
          policy: defaultKeyPolicy(fact.accountId, fact.location), grants: [], aliases: [], tags: {}, location: fact.location,
        };
        Object.assign(key, { state: fact.state, tags: { ...fact.tags } });
        for (const field of ['origin', 'keySpec', 'keyUsage', 'multiRegion'] as const) if (fact[field] !== undefined) Object.assign(key, { [field]: fact[field] });
        ensureAccount(this.world, fact.accountId, fact.location);
        this.world.keys.set(key.arn, key);
        return;
      }
      case 'key-policy': {
        const key = this.world.keys.get(fact.keyArn);
        if (!key) return this.problem(fact, `the key policy is for key ${fact.keyArn}, which is in neither the world nor the change`);
        this.note(fact.keyArn, fact);
        if (fill && key.policy.name !== 'default key policy') return;
        key.policy = { name: 'key-policy', document: fact.document };
        return;
      }
      case 'grant': {
        const key = this.world.keys.get(fact.grant.keyArn);
        if (!key) return this.problem(fact, `the grant is on key ${fact.grant.keyArn}, which is in neither the world nor the change`);
        this.note(fact.grant.keyArn, fact);
        const at = key.grants.findIndex((g) => g.grantId === fact.grant.grantId);
        if (at >= 0 && fill) return;
        if (at >= 0) key.grants[at] = fact.grant; else key.grants.push(fact.grant);
        return;
      }
      case 'alias': {
        const key = this.world.keys.get(fact.keyArn);
        if (!key) return this.problem(fact, `the alias ${fact.name} names key ${fact.keyArn}, which is in neither the world nor the change`);
        const arn = `arn:aws:kms:${key.region}:${key.accountId}:${fact.name}`;
        const previous = this.world.aliases.get(arn);
        if (previous !== undefined && fill) return;
        if (previous !== undefined) {
          const old = this.world.keys.get(previous);
          if (old) old.aliases = old.aliases.filter((a) => a !== fact.name);
        }
        this.world.aliases.set(arn, key.arn);
        if (!key.aliases.includes(fact.name)) key.aliases.push(fact.name);
        return;
      }
      case 'user': case 'role': case 'group': {
        const account = ensureAccount(this.world, accountOfArn(fact.arn), fact.location);
        const map = (fact.kind === 'user' ? account.users : fact.kind === 'role' ? account.roles : account.groups) as Map<string, User | Role | Group>;
        const existing = map.get(fact.arn);
        this.note(fact.arn, fact);
        if (existing && fill) return;
        const base = { arn: fact.arn, name: nameOfArn(fact.arn), accountId: account.id, inlinePolicies: [], managedPolicyArns: [], location: fact.location };
        const entity = existing ?? (fact.kind === 'user' ? { ...base, kind: 'user', groupArns: [], tags: {} } as User
          : fact.kind === 'role' ? { ...base, kind: 'role', tags: {}, serviceLinked: isServiceLinkedPath(pathOfArn(fact.arn)) } as Role
            : { ...base, kind: 'group' } as Group);
        if (fact.kind !== 'group') {
          Object.assign(entity, { tags: { ...fact.tags } });
          const withBoundary = entity as User | Role;
          if (fact.boundaryArn !== undefined) withBoundary.permissionsBoundaryArn = fact.boundaryArn; else delete withBoundary.permissionsBoundaryArn;
        }
        if (fact.kind === 'role') {
          const role = entity as Role;
          if (fact.trustPolicy) role.trustPolicy = { name: 'trust-policy', document: fact.trustPolicy }; else delete role.trustPolicy;
        }
        map.set(fact.arn, entity);
        return;
      }
      case 'inline-policy': {
        const holder = this.holder(fact.holderArn);
        if (!holder) return this.problem(fact, `the inline policy ${fact.name} is for ${fact.holderArn}, which is in neither the world nor the change`);
        this.note(fact.holderArn, fact);
        const at = holder.inlinePolicies.findIndex((p) => p.name === fact.name);
        if (at >= 0 && fill) return;
        const policy = { name: fact.name, document: fact.document };
        if (at >= 0) holder.inlinePolicies[at] = policy; else holder.inlinePolicies.push(policy);
        return;
      }
      case 'managed-policy': {
        const owner = accountOfArn(fact.arn);
        const map = owner === 'aws' ? this.world.awsManagedPolicies : ensureAccount(this.world, owner, fact.location).managedPolicies;
        this.note(fact.arn, fact);
        if (map.has(fact.arn) && fill) return;
        map.set(fact.arn, { name: fact.arn, arn: fact.arn, document: fact.document, location: fact.location });
        return;
      }
      case 'attachment': {
        const holder = this.holder(fact.holderArn);
        if (!holder) return this.problem(fact, `the policy ${fact.policyArn} is attached to ${fact.holderArn}, which is in neither the world nor the change`);
        this.note(fact.holderArn, fact);
        if (!holder.managedPolicyArns.includes(fact.policyArn)) holder.managedPolicyArns.push(fact.policyArn);
        return;
      }
      case 'membership': {
        const user = this.holder(fact.userArn);
        if (!user || !('groupArns' in user)) return this.problem(fact, `the user ${fact.userArn} is in neither the world nor the change`);
        if (!this.holder(fact.groupArn)) return this.problem(fact, `the group ${fact.groupArn} is in neither the world nor the change`);
        this.note(fact.userArn, fact);
        const member = user as User;
        if (!member.groupArns.includes(fact.groupArn)) member.groupArns.push(fact.groupArn);
        return;
      }
      case 'org-policy': {
        const org = this.organization();
        const existing = this.orgPolicy(fact.id);
        if (existing && fill) return;
        this.note(`org-policy:${fact.id}`, fact);
        const policy: OrganizationPolicy = { name: fact.name, targets: existing?.policy.targets ?? [], document: fact.document, location: fact.location };
        policyIds.set(policy, fact.id);
        if (existing) this.removeOrgPolicy(existing.policy);
        (fact.policyType === 'scp' ? org.serviceControlPolicies : org.resourceControlPolicies).push(policy);
        return;
      }
      case 'org-attachment': {
        const found = this.orgPolicy(fact.policyId);
        if (!found) return this.problem(fact, `the organization policy ${fact.policyId} is in neither the world nor the change`);
        if (found.policy.targets.includes(fact.target)) return;
        const org = this.organization();
        if (!org.accounts.includes(fact.target)) org.accounts.push(fact.target);
        const list = found.type === 'scp' ? org.serviceControlPolicies : org.resourceControlPolicies;
        // An account that no SCP targeted was unrestricted: in AWS, FullAWSAccess is attached to it, and stays.
        if (found.type === 'scp' && !list.some((p) => p.targets.includes(fact.target))) {
          let full = list.find((p) => p.name === FULL_ACCESS);
          if (!full) {
            full = { name: FULL_ACCESS, targets: [], document: allowEverything('scp', fact.location), location: fact.location };
            list.push(full);
          }
          full.targets.push(fact.target);
        }
        found.policy.targets.push(fact.target);
        for (const u of fact.unknowns) this.note(`account:${fact.target}`, { ...fact, unknowns: [u] });
        const policyUnknowns = this.unknowns.get(`org-policy:${fact.policyId}`);
        if (policyUnknowns) this.note(`account:${fact.target}`, { ...fact, unknowns: [...policyUnknowns] });
        return;
      }
    }
  }

  /** Undoes a fact of a changed resource; an entity that the change asserts again (`kept`) is updated, not removed. */
  retract(fact: Fact, kept: ReadonlySet<string>): void {
    switch (fact.kind) {
      case 'key': {
        if (kept.has(fact.arn)) return;
        const key = this.world.keys.get(fact.arn);
        if (!key) return;
        for (const alias of key.aliases) this.world.aliases.delete(`arn:aws:kms:${key.region}:${key.accountId}:${alias}`);
        this.world.keys.delete(fact.arn);
        return;
      }
      case 'key-policy': {
        // A key whose policy resource is removed keeps a policy: keyproof assumes the default one
        // (kms/key-policy-default.md), which is what a key without a stated policy has.
        const key = this.world.keys.get(fact.keyArn);
        if (key) key.policy = defaultKeyPolicy(key.accountId, fact.location);
        return;
      }
      case 'grant': {
        const key = this.world.keys.get(fact.grant.keyArn);
        if (key) key.grants = key.grants.filter((g) => g.grantId !== fact.grant.grantId);
        return;
      }
      case 'alias': {
        const key = this.world.keys.get(fact.keyArn);
        if (!key) return;
        key.aliases = key.aliases.filter((a) => a !== fact.name);
        this.world.aliases.delete(`arn:aws:kms:${key.region}:${key.accountId}:${fact.name}`);
        return;
      }
      case 'user': case 'role': case 'group': {
        if (kept.has(fact.arn)) return;
        const account = this.world.accounts.get(accountOfArn(fact.arn));
        account?.[`${fact.kind}s`].delete(fact.arn);
        if (fact.kind === 'group' && account) for (const u of account.users.values()) u.groupArns = u.groupArns.filter((g) => g !== fact.arn);
        return;
      }
      case 'inline-policy': {
        const holder = this.holder(fact.holderArn);
        if (holder) holder.inlinePolicies = holder.inlinePolicies.filter((p) => p.name !== fact.name);
        return;
      }
      case 'managed-policy': {
        if (kept.has(fact.arn)) return;
        const owner = accountOfArn(fact.arn);
        (owner === 'aws' ? this.world.awsManagedPolicies : this.world.accounts.get(owner)?.managedPolicies)?.delete(fact.arn);
        return;
      }
      case 'attachment': {
        const holder = this.holder(fact.holderArn);
        if (holder) holder.managedPolicyArns = holder.managedPolicyArns.filter((a) => a !== fact.policyArn);
        return;
      }
      case 'membership': {
        const user = this.holder(fact.userArn) as User | undefined;
        if (user?.groupArns) user.groupArns = user.groupArns.filter((g) => g !== fact.groupArn);
        return;
      }
      case 'org-policy': {
        if (kept.has(fact.id)) return;
        const found = this.orgPolicy(fact.id);
        if (found) this.removeOrgPolicy(found.policy);
        return;
      }
      case 'org-attachment': {
        const found = this.orgPolicy(fact.policyId);
        if (found) found.policy.targets = found.policy.targets.filter((t) => t !== fact.target);
        return;
      }
      default: {
        const never: never = fact;
        throw new InternalError(`unknown fact ${JSON.stringify(never)}`);
      }
    }
  }

  private removeOrgPolicy(policy: OrganizationPolicy): void {
    const org = this.world.organization;
    if (!org) return;
    org.serviceControlPolicies = org.serviceControlPolicies.filter((p) => p !== policy);
    org.resourceControlPolicies = org.resourceControlPolicies.filter((p) => p !== policy);
  }
}

/** SCPs and RCPs are named by the change's id for them (Terraform's `p-...` id), which the world model lacks. */
const policyIds = new WeakMap<OrganizationPolicy, string>();
const FULL_ACCESS = 'FullAWSAccess (attached by AWS to every account; assumed)';
