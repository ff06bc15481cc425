/**
 * Principal and NotPrincipal elements as constraints on the caller (`$principal`, `$kind`, `$account`, `$role`),
 * for `names(S, How)` rules (iam/reference_policies_elements_principal.md, _notprincipal.md). `How` is
 * "identity" (the caller's own ARN, the root user, a service, or "*"), "role" (the caller's role), or
 * "account" (the caller's account, for a user or role session: delegation to IAM policies).
 */
import { isAccountId, parseArn } from '../../policy/arn.js';
import type { Effect, PrincipalEntry } from '../../policy/model.js';
import { field, str, type Constraint } from '../ast.js';

export type How = 'identity' | 'role' | 'account';

const eq = (name: 'principal' | 'kind' | 'account' | 'role', value: string): Constraint =>
  ({ kind: 'compare', op: '==', left: field(name), right: str(value) });
const and = (...items: Constraint[]): Constraint => ({ kind: 'and', items });
const or = (items: Constraint[]): Constraint => (items.length === 1 ? items[0]! : { kind: 'or', items });
const FALSE: Constraint = { kind: 'false' };
const TRUE: Constraint = { kind: 'true' };

function accountNamed(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const arn = parseArn(value);
  return arn && arn.service === 'iam' && arn.resource === 'root' ? arn.account : undefined;
}

const IAM_IDENTITY_KINDS = ['user', 'role-session'] as const;

/** The constraint under which one Principal entry names the caller in the given way. */
function entryNames(entry: PrincipalEntry, how: How): Constraint {
  if (entry.type === 'AWS' && entry.value === '*') return how === 'identity' ? TRUE : FALSE;
  if (entry.type === 'Service') return how === 'identity' ? and(eq('kind', 'service'), eq('principal', entry.value)) : FALSE;
  if (entry.type !== 'AWS') return FALSE; // Federated and CanonicalUser principals never make KMS requests here
  const account = accountNamed(entry.value);
  if (account !== undefined) {
    if (how === 'identity') return and(eq('kind', 'root'), eq('account', account));
    if (how === 'account') return and(or(IAM_IDENTITY_KINDS.map((k) => eq('kind', k))), eq('account', account));
    return FALSE;
  }
  if (how === 'identity') return and(or(['user', 'role-session'].map((k) => eq('kind', k))), eq('principal', entry.value));
  if (how === 'role') return and(eq('kind', 'role-session'), eq('role', entry.value));
  return FALSE;
}

export function principalNames(entries: readonly PrincipalEntry[], how: How): Constraint {
  return or(entries.map((e) => entryNames(e, how)));
}

/** Is this identity listed in a NotPrincipal element? `identity` is a term-level description of which ARN. */
function listed(entries: readonly PrincipalEntry[], what: 'principal' | 'role' | 'account' | 'service'): Constraint {
  const items: Constraint[] = [];
  for (const e of entries) {
    if (e.type === 'AWS' && e.value === '*') return TRUE;
    if (what === 'service') { if (e.type === 'Service') items.push(eq('principal', e.value)); continue; }
    if (e.type !== 'AWS') continue;
    const account = accountNamed(e.value);
    if (what === 'account') { if (account !== undefined) items.push(eq('account', account)); continue; }
    if (account === undefined) items.push(eq(what, e.value));
  }
  return items.length === 0 ? FALSE : or(items);
}

/**
 * When a NotPrincipal statement applies, by its effect (iam/reference_policies_elements_notprincipal.md). AWS may
 * check the caller as each identity of its chain: a user and its account; a role session, its role and its account;
 * the root user (its account); a service. A Deny applies unless every one of them is listed (one left out is
 * denied, "#specifying-notprincipal"); an Allow "allows all principals except the one named"
 * (#specifying-notprincipal-allow), so it applies only when none of them is listed.
 */
export function notPrincipalApplies(entries: readonly PrincipalEntry[], effect: Effect): Constraint {
  const chains: Array<[string, Constraint[]]> = [
    ['user', [listed(entries, 'principal'), listed(entries, 'account')]],
    ['role-session', [listed(entries, 'principal'), listed(entries, 'role'), listed(entries, 'account')]],
    ['root', [listed(entries, 'account')]],
    ['service', [listed(entries, 'service')]],
  ];
  if (effect === 'Deny') return { kind: 'not', body: or(chains.map(([kind, ids]) => and(eq('kind', kind), ...ids))) };
  return { kind: 'not', body: or(chains.map(([kind, ids]) => and(eq('kind', kind), or(ids)))) };
}
