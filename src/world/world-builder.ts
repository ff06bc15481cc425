/**
 * Collects the parts of a world as they are read, rejects duplicate ARNs, and records the references between parts
 * (group memberships, attached managed policies, permissions boundaries) to check once everything is read, since a
 * reference may point forward (a user listed before its group) or into another account.
 */
import type { InputError } from '../errors.js';
import { formatLocation } from '../errors.js';
import { samePolicyDocument } from '../policy/same-document.js';
import { closestName } from '../input/did-you-mean.js';
import { readIamEntityArn } from './identifiers.js';
import type { Account, Group, ManagedPolicy, PolicyHolder, Role, User, World } from './model.js';
import type { Where } from '../input/where.js';

type EntityKind = 'user' | 'role' | 'group';

export class WorldBuilder {
  readonly world: World;
  private readonly awsManagedPolicies = new Map<string, ManagedPolicy>();
  private readonly definedAt = new Map<string, Where>();
  private readonly pending: Array<() => void> = [];

  constructor(where: Where) {
    this.world = {
      file: where.file,
      warnings: where.warnings,
      accounts: new Map(),
      keys: new Map(),
      aliases: new Map(),
      missingManagedPolicies: [],
      incompleteParts: [],
      missingParts: [],
      awsManagedPolicies: this.awsManagedPolicies,
    };
  }

  /** Records that `arn` is defined at `where`; a second definition is an error naming the first. */
  claim(arn: string, where: Where, what: string): void {
    const first = this.definedAt.get(arn);
    if (first) throw where.error(`duplicate ${what} "${arn}": it is already defined at ${formatLocation(first.location())}`);
    this.definedAt.set(arn, where);
  }

  addAccount(account: Account, where: Where): void {
    if (this.world.accounts.has(account.id)) {
      const first = this.world.accounts.get(account.id)!.location;
      throw where.at('id').error(`duplicate account "${account.id}": it is already listed at ${formatLocation(first)}`);
    }
    this.world.accounts.set(account.id, account);
  }

  addEntity(account: Account, entity: User | Role | Group, where: Where): void {
    this.claim(entity.arn, where, `IAM ${entity.kind}`);
    const byKind = { user: account.users, role: account.roles, group: account.groups } as const;
    (byKind[entity.kind] as Map<string, typeof entity>).set(entity.arn, entity);
  }

  /**
   * A managed policy; `account` undefined for an AWS managed policy (arn:aws:iam::aws:policy/...). Every account's
   * get-account-authorization-details output lists the AWS managed policies that account uses, so one may come
   * again: the same document is the same policy; another document (one export older than the other) is kept
   * out with a warning, the first one read staying in force.
   */
  addManagedPolicy(account: Account | undefined, policy: ManagedPolicy, where: Where): void {
    const known = account ? undefined : this.awsManagedPolicies.get(policy.arn);
    if (known) {
      if (!samePolicyDocument(known.document, policy.document)) {
        where.warn(`the AWS managed policy "${policy.arn}" is also listed at ${formatLocation(known.location)} with another default version document; keyproof uses that one`);
      }
      return;
    }
    this.claim(policy.arn, where, 'managed policy');
    (account ? account.managedPolicies : this.awsManagedPolicies).set(policy.arn, policy);
  }

  /** A group membership, by group ARN (native format) or by group name in the user's account (AWS CLI output). */
  referGroup(user: User, reference: { arn: unknown } | { name: string }, where: Where): void {
    this.pending.push(() => {
      const account = this.world.accounts.get(user.accountId)!;
      if ('name' in reference) {
        const group = [...account.groups.values()].find((g) => g.name === reference.name);
        if (!group) throw this.missing(where, `group named "${reference.name}"`, reference.name, account, 'group');
        user.groupArns.push(group.arn);
        return;
      }
      const { arn, account: groupAccount } = readIamEntityArn(reference.arn, where, 'group');
      if (groupAccount !== user.accountId) {
        throw where.error(`a user can only be a member of groups of its own account ${user.accountId}, found "${arn}"`);
      }
      if (!account.groups.has(arn)) throw this.missing(where, `group "${arn}"`, arn, account, 'group');
      user.groupArns.push(arn);
    });
  }

  /**
   * An attached managed policy or a permissions boundary. AWS managed policies not supplied are recorded in
   * `missingManagedPolicies`; a customer managed policy must be defined in a listed account.
   */
  referManagedPolicy(holder: PolicyHolder, arnValue: unknown, where: Where, use: 'attached' | 'boundary'): string {
    const { arn, account: policyAccount } = readIamEntityArn(arnValue, where, 'policy');
    this.pending.push(() => {
      if (policyAccount === 'aws') {
        if (!this.awsManagedPolicies.has(arn)) {
          this.world.missingManagedPolicies.push({ arn, referencedBy: holder.arn, location: where.location() });
        }
        return;
      }
      const account = this.world.accounts.get(policyAccount);
      const what = use === 'boundary' ? 'permissions boundary policy' : 'managed policy';
      if (!account) {
        throw where.error(`the ${what} "${arn}" belongs to account ${policyAccount}, which is not listed under "accounts"; list it with its managed policies`);
      }
      if (!account.managedPolicies.has(arn)) throw this.missing(where, `${what} "${arn}"`, arn, account, 'policy');
    });
    return arn;
  }

  /** Checks every recorded reference; returns the finished world. */
  finish(): World {
    for (const check of this.pending) check();
    this.pending.length = 0;
    return this.world;
  }

  /** `what` (naming `target`) is not in `account`; suggests the closest ARN or name defined there. */
  private missing(where: Where, what: string, target: string, account: Account, kind: EntityKind | 'policy'): InputError {
    const defined = kind === 'policy' ? [...account.managedPolicies.values()] : [...account[`${kind}s`].values()];
    const suggestion = closestName(target, defined.flatMap((e) => [e.arn, e.name]));
    const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
    return where.error(`${what} is not defined in account ${account.id}${hint}`);
  }
}
