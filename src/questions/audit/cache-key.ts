/**
 * What one key's audit answer depends on, as a content hash (the key of `audit --cache`): the key itself (policy,
 * grants, state, tags, aliases, metadata, where it is written), the organization (SCPs, RCPs, accounts), the
 * outline of the world (its accounts and the names of their identities: findings and outside classes read them),
 * keyproof's version and the text of its rules, and every identity that could take part in the answer, with all
 * its own policies, groups, boundary, trust policy and tags. Source positions (line, column) are left out: a
 * cached answer is moved to the current positions when read back (relocate.ts).
 *
 * Which identities could take part is decided by the same sound filters the audit applies before asking anything
 * (src/engine/principal-prefilter.ts), so that an identity left out is one whose policies the audit never reads
 * for this key: those the key policy or a grant could admit, and, backwards, every identity a trust policy of a
 * role already included could name (role chains end at a role with access). The set is computed on the world at
 * hand, so an edit that brings an identity in or takes it out changes the hash too. If the audit ever reads
 * identities by another route, widen this set with it (test/questions/audit/cache.property.test.ts checks it).
 */
import { keyCouldAdmit, trustCouldName } from '../../engine/principal-prefilter.js';
import { KEY_OPERATIONS } from '../../kms/operations.js';
import { packageVersion } from '../../package-version.js';
import { callersOfWorld, identityOf, type Caller } from '../../request/caller.js';
import { rulesText } from '../../semantics/rules-file.js';
import { boundaryOf, groupsOf, identityPoliciesOf } from '../../world/attached-policies.js';
import { positionFreeHash } from '../../world/content-hash.js';
import type { Key, Role, World } from '../../world/model.js';

const ALL_ACTIONS = KEY_OPERATIONS.map((op) => op.action);

/** Hashes key answers of one world; identities and trust filters are worked out once and shared by every key. */
export class KeyAnswerHasher {
  private readonly callers: Caller[];
  private readonly base: string;
  private readonly identityHashes = new Map<string, string>();
  private readonly trustNamed = new Map<string, Caller[]>();

  constructor(private readonly world: World) {
    this.callers = callersOfWorld(world);
    const outline = [...world.accounts.values()].map((a) => [a.id, [...a.users.keys()], [...a.roles.keys()], [...a.groups.keys()], [...a.managedPolicies.keys()]]);
    this.base = positionFreeHash('keyproof audit key answer', packageVersion(), rulesText('kms.kp'), rulesText('roles.kp'),
      world.organization ?? null, outline, [...world.awsManagedPolicies.keys()], world.missingManagedPolicies);
  }

  /** An identity with everything of its own that a question could read. */
  private identityHash(caller: Caller): string {
    const id = identityOf(caller);
    let hash = this.identityHashes.get(id);
    if (hash === undefined) {
      const entity = caller.kind === 'user' ? caller.user : caller.kind === 'role-session' ? caller.role : undefined;
      hash = positionFreeHash(caller.kind, id, entity ?? null,
        entity ? identityPoliciesOf(this.world, entity) : [],
        entity ? boundaryOf(this.world, entity) ?? null : null,
        entity?.kind === 'user' ? groupsOf(this.world, entity) : []);
      this.identityHashes.set(id, hash);
    }
    return hash;
  }

  /** The callers a role's trust policy could name (other than the role itself). */
  private namedByTrust(role: Role): Caller[] {
    let named = this.trustNamed.get(role.arn);
    if (!named) {
      named = this.callers.filter((c) => identityOf(c) !== role.arn && trustCouldName(role, c));
      this.trustNamed.set(role.arn, named);
    }
    return named;
  }

  /** The identities that could take part in the key's answer, in the world's order. */
  participants(key: Key): Caller[] {
    const included = new Set<Caller>(this.callers.filter((c) => keyCouldAdmit(this.world, key, c, ALL_ACTIONS)));
    const roles = [...included].filter((c) => c.kind === 'role-session');
    for (let next = roles.pop(); next; next = roles.pop()) {
      if (next.kind !== 'role-session') continue;
      for (const c of this.namedByTrust(next.role)) {
        if (included.has(c)) continue;
        included.add(c);
        if (c.kind === 'role-session') roles.push(c);
      }
    }
    return this.callers.filter((c) => included.has(c));
  }

  hash(key: Key): string {
    const aliases = [...this.world.aliases].filter(([, target]) => target === key.arn);
    return positionFreeHash(this.base, key, aliases, this.participants(key).map((c) => [identityOf(c), this.identityHash(c)]));
  }
}
