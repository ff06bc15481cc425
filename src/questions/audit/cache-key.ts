/**
 * What one key's audit answer depends on, as a content hash (the key of `audit --cache`): the key itself (policy,
 * grants, state, tags, aliases, metadata, where it is written), the organization (SCPs, RCPs, accounts), the
 * outline of the world (its accounts and the names of their identities: findings and outside classes read them),
 * keyproof's version and the text of its rules, and every identity that could take part in the answer, with all
 * its own policies, groups, boundary, trust policy and tags. Source positions (line, column) are left out: a
 * cached answer is moved to the current positions when read back (relocate.ts).
 *
 * Which identities could take part, soundly over-approximated by account: the audit reads an identity's policies
 * only if the key policy or a grant could name it (src/engine/principal-prefilter.ts: keyCouldAdmit implies
 * keyCouldName), or if a trust policy of a role that could take part could name it (role chains end at a role
 * with access: trustCouldName). An Allow statement can name an identity of the world only through its account
 * (every IAM and STS ARN carries it, and a bare account id is one), or by "*", a wildcard, NotPrincipal or a
 * missing Principal, which here count as every account. So the identities of the accounts the key names, closed
 * under the accounts their roles' trust policies name, cover all that could take part. (Asking the prefilters
 * themselves per identity was exact but cost 0.2 ms a pair: minutes at 5,000 identities and 500 keys.)
 * If the audit ever reads identities by another route, widen this with it (cache.property.test.ts checks it).
 */
import { parseArn } from '../../policy/arn.js';
import type { PrincipalEntry, Statement } from '../../policy/model.js';
import { packageVersion } from '../../package-files.js';
import { callersOfWorld, identityOf, type Caller } from '../../request/caller.js';
import { rulesText } from '../../semantics/rules-file.js';
import { boundaryOf, groupsOf, identityPoliciesOf } from '../../world/attached-policies.js';
import { positionFreeHash } from '../../world/content-hash.js';
import { granteeEntry } from '../../world/grantee.js';
import type { Key, World } from '../../world/model.js';

/** Accounts of the world whose identities could be named; EVERY when any could. */
type Accounts = Set<string> | typeof EVERY;
const EVERY = 'every account';

/** The account an entry names, EVERY when it could name anyone (or keyproof cannot tell), null for a service. */
function accountOfEntry(entry: PrincipalEntry): string | typeof EVERY | null {
  if (entry.type === 'Service') return null;
  if (entry.type !== 'AWS' || /[*?]/.test(entry.value)) return EVERY;
  if (/^\d{12}$/.test(entry.value)) return entry.value;
  const account = parseArn(entry.value)?.account;
  return account && /^\d{12}$/.test(account) ? account : EVERY;
}

function addNamed(into: Set<string>, statements: readonly Statement[]): boolean {
  for (const stmt of statements) {
    if (stmt.effect !== 'Allow') continue;
    if (stmt.notPrincipal || !stmt.principal) return false;
    for (const entry of stmt.principal) {
      const account = accountOfEntry(entry);
      if (account === EVERY) return false;
      if (account !== null) into.add(account);
    }
  }
  return true;
}

/** Hashes key answers of one world; identities, accounts and trust are worked out once and shared by every key. */
export class KeyAnswerHasher {
  private readonly base: string;
  private readonly callersByAccount = new Map<string, Caller[]>();
  private readonly accountHashes = new Map<string, string>();
  private readonly trusted = new Map<string, Accounts>();

  constructor(private readonly world: World) {
    for (const caller of callersOfWorld(world)) {
      if (caller.kind === 'service') continue;
      const list = this.callersByAccount.get(caller.accountId) ?? [];
      list.push(caller);
      this.callersByAccount.set(caller.accountId, list);
    }
    const outline = [...world.accounts.values()].map((a) => [a.id, [...a.users.keys()], [...a.roles.keys()], [...a.groups.keys()], [...a.managedPolicies.keys()]]);
    this.base = positionFreeHash('keyproof audit key answer', packageVersion(), rulesText('kms.kp'), rulesText('roles.kp'),
      world.organization ?? null, outline, [...world.awsManagedPolicies.keys()], world.missingManagedPolicies);
  }

  /** An identity with everything of its own that a question could read. */
  private identityHash(caller: Caller): string {
    const entity = caller.kind === 'user' ? caller.user : caller.kind === 'role-session' ? caller.role : undefined;
    return positionFreeHash(caller.kind, identityOf(caller), entity ?? null,
      entity ? identityPoliciesOf(this.world, entity) : [],
      entity ? boundaryOf(this.world, entity) ?? null : null,
      entity?.kind === 'user' ? groupsOf(this.world, entity) : []);
  }

  /** Every identity of an account, in the world's order. */
  private accountHash(account: string): string {
    let hash = this.accountHashes.get(account);
    if (hash === undefined) {
      hash = positionFreeHash(account, (this.callersByAccount.get(account) ?? []).map((c) => this.identityHash(c)));
      this.accountHashes.set(account, hash);
    }
    return hash;
  }

  /** The accounts the trust policies of an account's roles could name. */
  private trustedBy(account: string): Accounts {
    let named = this.trusted.get(account);
    if (named === undefined) {
      const into = new Set<string>();
      const roles = [...(this.world.accounts.get(account)?.roles.values() ?? [])];
      named = roles.every((role) => addNamed(into, role.trustPolicy?.document.statements ?? [])) ? into : EVERY;
      this.trusted.set(account, named);
    }
    return named;
  }

  /** The accounts of the world whose identities could take part in the key's answer (EVERY: all of them). */
  participants(key: Key): Accounts {
    const named = new Set<string>();
    if (!addNamed(named, key.policy.document.statements)) return EVERY;
    for (const grant of key.grants) {
      const account = accountOfEntry(granteeEntry(grant));
      if (account === EVERY) return EVERY;
      if (account !== null) named.add(account);
    }
    const pending = [...named];
    for (let account = pending.pop(); account !== undefined; account = pending.pop()) {
      const trusted = this.trustedBy(account);
      if (trusted === EVERY) return EVERY;
      for (const next of trusted) if (!named.has(next)) { named.add(next); pending.push(next); }
    }
    return named;
  }

  hash(key: Key): string {
    const aliases = [...this.world.aliases].filter(([, target]) => target === key.arn);
    const accounts = this.participants(key);
    const included = [...this.world.accounts.keys()].filter((a) => accounts === EVERY || accounts.has(a));
    return positionFreeHash(this.base, key, aliases, included.map((a) => [a, this.accountHash(a)]));
  }
}
