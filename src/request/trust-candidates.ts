/**
 * Which roles could a caller assume at all? A trust policy must name its principals (iam/id_roles_use_permissions-
 * to-switch.md; iam/reference_policies_evaluation-logic-cross-account.md): the caller's ARN, its role's ARN, its
 * account (id or root ARN), its service, "*", or a NotPrincipal that leaves it in. This per-world index lists, for
 * a caller, the roles whose trust policy mentions one of those in an Allow statement, plus every role whose trust
 * policy a literal lookup cannot rule out (wildcards, NotPrincipal, values of unknown shape). It only narrows the
 * candidates; each engine still decides every step itself. Without it a role chain of N roles costs N² trust checks.
 */
import { isAccountId, parseArn } from '../policy/arn.js';
import type { Role, World } from '../world/model.js';
import type { Caller } from './caller.js';

interface TrustIndex {
  /** Roles by a literal principal value of an Allow statement: an ARN, an account id or a service name. */
  byValue: Map<string, Role[]>;
  /** Roles that any caller might be able to assume, as far as the literal lookup can tell. */
  anyone: Role[];
}

const indexes = new WeakMap<World, TrustIndex>();

/** The account an `AWS` value names (`123456789012` or its root ARN), else undefined. */
function accountNamed(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const arn = parseArn(value);
  return arn && arn.service === 'iam' && arn.resource === 'root' ? arn.account : undefined;
}

/** The lookup keys of one role's trust policy, or 'anyone' when a literal lookup cannot bound who it names. */
function keysOf(role: Role): Set<string> | 'anyone' {
  const keys = new Set<string>();
  for (const stmt of role.trustPolicy?.document.statements ?? []) {
    if (stmt.effect !== 'Allow') continue;
    if (stmt.notPrincipal || !stmt.principal) return 'anyone';
    for (const entry of stmt.principal) {
      if (entry.type !== 'AWS' && entry.type !== 'Service') continue; // Federated and CanonicalUser name no caller of the world
      if (entry.value.includes('*') || entry.value.includes('?')) return 'anyone';
      const account = entry.type === 'AWS' ? accountNamed(entry.value) : undefined;
      keys.add(account !== undefined ? `account:${account}` : `${entry.type}:${entry.value}`);
    }
  }
  return keys;
}

function indexOf(world: World): TrustIndex {
  let index = indexes.get(world);
  if (index) return index;
  index = { byValue: new Map(), anyone: [] };
  for (const account of world.accounts.values()) {
    for (const role of account.roles.values()) {
      const keys = keysOf(role);
      if (keys === 'anyone') { index.anyone.push(role); continue; }
      for (const key of keys) {
        const roles = index.byValue.get(key);
        if (roles) roles.push(role); else index.byValue.set(key, [role]);
      }
    }
  }
  for (const roles of [...index.byValue.values(), index.anyone]) roles.sort(byArn);
  indexes.set(world, index);
  return index;
}

/** The keys under which a trust policy could name the caller. */
function lookupKeys(caller: Caller): string[] {
  switch (caller.kind) {
    case 'service': return [`Service:${caller.service}`];
    case 'root': return [`AWS:${caller.arn}`, `account:${caller.accountId}`];
    case 'user': return [`AWS:${caller.arn}`, `account:${caller.accountId}`];
    case 'role-session': return [`AWS:${caller.arn}`, `AWS:${caller.roleArn}`, `account:${caller.accountId}`];
  }
}

/**
 * The roles whose trust policy could name the caller, each once, ordered by ARN (the canonical order in which
 * chains are built: shortest first, ties by the lexicographically smallest sequence of role ARNs).
 */
export function trustCandidates(world: World, caller: Caller): readonly Role[] {
  const index = indexOf(world);
  const lists = [...lookupKeys(caller).map((key) => index.byValue.get(key) ?? []), index.anyone].filter((l) => l.length > 0);
  // Usually one list (a role trusted by the account, or by one ARN): already sorted, shared, not copied.
  if (lists.length <= 1) return lists[0] ?? [];
  const found = new Map<string, Role>();
  for (const list of lists) for (const role of list) found.set(role.arn, role);
  return [...found.values()].sort(byArn);
}

function byArn(a: Role, b: Role): number {
  return a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0;
}
