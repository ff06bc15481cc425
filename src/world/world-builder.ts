/**
 * Collects the parts of a world as they are read, rejects duplicate ARNs, and records the references between parts
 * (group memberships, attached managed policies, permissions boundaries) to check once everything is read, since a
 * reference may point forward (a user listed before its group) or into another account.
 */
import { formatLocation, InputError } from '../errors.js';
import { parsePolicyDocument } from '../policy/parse.js';
import { withoutVocabularyCheck } from '../policy/vocabulary.js';
import { snapshotInfo, snapshotPolicy } from './aws-managed-snapshot.js';
import { closestName } from '../input/did-you-mean.js';
import { readIamEntityArn } from './identifiers.js';
import type { Account, Group, ManagedPolicy, MissingPolicy, PolicyHolder, Role, User, World } from './model.js';
import { Where } from '../input/where.js';

/** Why an AWS managed policy's document is not known. */
type Unresolved = Pick<MissingPolicy, 'pinnedVersion' | 'snapshotVersion' | 'unreadable'>;
import { samePolicyDocument } from '../policy/same-document.js';

type EntityKind = 'user' | 'role' | 'group';

export class WorldBuilder {
  readonly world: World;
  private readonly awsManagedPolicies = new Map<string, ManagedPolicy>();
  /** AWS managed policies the world names with a version but no document: the snapshot must hold that version. */
  private readonly pinnedVersions = new Map<string, string>();
  /** AWS managed policies looked up in the snapshot and not found there (or not in the pinned version). */
  private readonly unresolved = new Map<string, Unresolved>();
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

  /** An AWS managed policy the world names by ARN and version, without its document (native `{ arn, versionId }`). */
  pinAwsManagedPolicy(arn: string, versionId: string, where: Where): void {
    this.claim(arn, where, 'managed policy');
    this.pinnedVersions.set(arn, versionId);
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
   * An attached managed policy or a permissions boundary. An AWS managed policy the world does not supply is taken
   * from keyproof's snapshot; one that is not there either is recorded in `missingManagedPolicies` with a warning
   * (it stays attached as an unknown policy). A customer managed policy must be defined in a listed account.
   */
  referManagedPolicy(holder: PolicyHolder, arnValue: unknown, where: Where, use: 'attached' | 'boundary'): string {
    const { arn, account: policyAccount } = readIamEntityArn(arnValue, where, 'policy');
    this.pending.push(() => {
      if (policyAccount === 'aws') {
        const unresolved = this.resolveAwsManaged(arn);
        if (unresolved) {
          const missing: MissingPolicy = { arn, referencedBy: holder.arn, location: where.location(), ...unresolved };
          this.world.missingManagedPolicies.push(missing);
          where.warn(unknownPolicyWarning(missing));
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

  /**
   * Makes an AWS managed policy's document known: the world's own wins, else the snapshot's default version (when
   * the world pins no other version). Returns why it stays unknown, if it does.
   */
  private resolveAwsManaged(arn: string): Unresolved | undefined {
    if (this.awsManagedPolicies.has(arn)) return undefined;
    const known = this.unresolved.get(arn);
    if (known) return known;
    const found = snapshotPolicy(arn);
    const pinned = this.pinnedVersions.get(arn);
    let unresolved: Unresolved | undefined;
    if (!found) unresolved = pinned ? { pinnedVersion: pinned } : {};
    else if (pinned !== undefined && pinned !== found.versionId) unresolved = { pinnedVersion: pinned, snapshotVersion: found.versionId };
    else {
      // Its statements are located in the policy itself (`ARN@VERSION`); what keyproof would warn about in AWS's
      // own documents is not the user's to fix, so they are not checked for typos.
      const where = Where.from({ file: `${arn}@${found.versionId}`, pointer: '' });
      try {
        const document = withoutVocabularyCheck(() => parsePolicyDocument(found.document, where, 'identity'));
        this.awsManagedPolicies.set(arn, { name: arn, arn, document, location: where.location() });
        return undefined;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        unresolved = { unreadable: error.message };
      }
    }
    this.unresolved.set(arn, unresolved);
    return unresolved;
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

/** The load warning for an AWS managed policy whose document stays unknown. */
function unknownPolicyWarning(missing: MissingPolicy): string {
  const snapshot = snapshotInfo();
  const why = missing.unreadable ? `keyproof cannot read its snapshot copy (${missing.unreadable})`
    : missing.snapshotVersion ? `the world pins version ${missing.pinnedVersion}, keyproof's snapshot holds ${missing.snapshotVersion}`
    : `neither the world ("awsManagedPolicies") nor keyproof's snapshot (${snapshot.source}, ${snapshot.asOf}) holds it`;
  return `the document of AWS managed policy "${missing.arn}" is unknown: ${why}; answers it could change are UNKNOWN`;
}
