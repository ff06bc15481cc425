/**
 * How a Principal or NotPrincipal element of a resource policy (key policy, trust policy, RCP) applies to a
 * caller (iam/reference_policies_elements_principal.md; iam/reference_policies_elements_notprincipal.md).
 */
import type { Effect, PrincipalEntry } from '../policy/model.js';
import { isAccountId, parseArn } from '../policy/arn.js';
import { rootArn, type Caller } from '../request/caller.js';

/**
 * How a statement named the caller. The kind matters beyond "yes/no":
 * - `identity`: the caller's own ARN (user ARN, role session ARN, the account root user, a service principal)
 *   or "*": permissions granted straight to the caller, not limited by an implicit deny in a permissions boundary
 *   (iam/reference_policies_evaluation-logic.md, "Resource-based policies", same account);
 * - `role`: the ARN of the role the caller is a session of: limited by the role's permissions boundary (same page);
 * - `account`: the caller's account principal: in key policies and trust policies this does not give permissions to
 *   users or roles, it lets the account delegate them with IAM policies (kms/key-policy-default.md#allow-iam-policies).
 */
export type PrincipalMatch = 'identity' | 'role' | 'account';

/** The account id an `AWS` principal value names, when it names an account (`123456789012` or its root ARN). */
export function accountOfPrincipal(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const arn = parseArn(value);
  if (arn && arn.service === 'iam' && arn.resource === 'root') return arn.account;
  return undefined;
}

function matchEntry(entry: PrincipalEntry, caller: Caller): PrincipalMatch | undefined {
  if (entry.value === '*' && entry.type === 'AWS') return 'identity';
  if (entry.type === 'Service') return caller.kind === 'service' && entry.value === caller.service ? 'identity' : undefined;
  if (entry.type !== 'AWS' || caller.kind === 'service') return undefined; // Federated/CanonicalUser never name these callers
  const account = accountOfPrincipal(entry.value);
  if (account !== undefined) {
    if (account !== caller.accountId) return undefined;
    // The account principal includes the account root user itself (kms/key-policy-default.md).
    return caller.kind === 'root' ? 'identity' : 'account';
  }
  if (entry.value === caller.arn) return 'identity';
  if (caller.kind === 'role-session' && entry.value === caller.roleArn) return 'role';
  return undefined;
}

const strength: Record<PrincipalMatch, number> = { identity: 3, role: 2, account: 1 };

/** The strongest way any entry of a Principal element names the caller, or undefined when none does. */
export function matchPrincipal(entries: readonly PrincipalEntry[], caller: Caller): PrincipalMatch | undefined {
  let best: PrincipalMatch | undefined;
  for (const entry of entries) {
    const m = matchEntry(entry, caller);
    if (m && (!best || strength[m] > strength[best])) best = m;
  }
  return best;
}

/**
 * The identities AWS may check a caller as: a user, then its account; a role session, then its role, then its
 * account (reference_policies_elements_notprincipal.md#specifying-notprincipal: "AWS might validate the account
 * first, then the role, and then the assumed-role user").
 */
function identityChain(caller: Caller): string[] {
  switch (caller.kind) {
    case 'user': return [caller.arn, rootArn(caller.accountId)];
    case 'role-session': return [caller.arn, caller.roleArn, rootArn(caller.accountId)];
    case 'root': return [caller.arn];
    case 'service': return [caller.service];
  }
}

function lists(entries: readonly PrincipalEntry[], identity: string, caller: Caller): boolean {
  return entries.some((e) => {
    if (e.type === 'AWS' && e.value === '*') return true;
    if (caller.kind === 'service') return e.type === 'Service' && e.value === identity;
    if (e.type !== 'AWS') return false;
    const account = accountOfPrincipal(e.value);
    return account !== undefined ? rootArn(account) === identity : e.value === identity;
  });
}

/**
 * Does a statement with this NotPrincipal element apply to the caller? Each identity AWS may check the caller as
 * is checked (reference_policies_elements_notprincipal.md):
 * - with Deny, the statement denies every principal "except for the ones specified", and an identity of the chain
 *   left out is denied ("Otherwise, the policy might deny access to the entire account containing the principal"):
 *   it applies unless every identity of the chain is listed;
 * - with Allow, it "allows all principals except the one named" (#specifying-notprincipal-allow): it applies only
 *   when no identity of the chain is listed; the caller's account named excludes every principal of that account
 *   ("a user cannot have more permissions than its parent account"), its role every session of that role.
 */
export function notPrincipalApplies(entries: readonly PrincipalEntry[], caller: Caller, effect: Effect): boolean {
  const chain = identityChain(caller);
  return effect === 'Deny'
    ? !chain.every((id) => lists(entries, id, caller))
    : !chain.some((id) => lists(entries, id, caller));
}
