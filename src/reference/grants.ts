/**
 * Grants: which grants of the key allow the caller this operation (kms/grants.md; kms/create-grant-overview.md).
 * A grant can allow but never deny (grants.md: "A grant can allow access to a KMS key, but not deny access").
 */
import type { MatchedStatement } from '../answer.js';
import { formatLocation } from '../errors.js';
import type { Caller } from '../request/caller.js';
import type { RequestContext } from '../request/context.js';
import type { Grant, Key } from '../world/model.js';
import { accountOfPrincipal, type PrincipalMatch } from './principal-match.js';

export function grantRef(grant: Grant): MatchedStatement {
  return { source: 'grant', policy: grant.grantId, sid: grant.name || grant.grantId, effect: 'Allow', location: formatLocation(grant.location) };
}

/**
 * How the grantee principal names the caller (grants.md#terms-grantee-principal: "any AWS principal, including an
 * AWS account (root), an IAM user, an IAM role, ... or an assumed role user"). A grant to a role covers the role's
 * sessions; a grant to an account lets the account's IAM policies pass it on, as the account principal does in a
 * key policy (kms/key-policy-default.md#allow-iam-policies), and covers the root user itself. Grants to service
 * principals are newer than the 2023 pages; the live documentation allows them, and they name the service.
 */
export function granteeMatch(grant: Grant, caller: Caller): PrincipalMatch | undefined {
  const grantee = grant.granteePrincipal;
  if (caller.kind === 'service') return grantee === caller.service ? 'identity' : undefined;
  const account = accountOfPrincipal(grantee);
  if (account !== undefined) {
    if (account !== caller.accountId) return undefined;
    return caller.kind === 'root' ? 'identity' : 'account';
  }
  if (grantee === caller.arn) return 'identity';
  if (caller.kind === 'role-session' && grantee === caller.roleArn) return 'role';
  return undefined;
}

/** The encryption context pairs of the request: the `kms:EncryptionContext:NAME` keys, names as written. */
export function encryptionContextOf(ctx: RequestContext): Map<string, string> {
  const pairs = new Map<string, string>();
  const prefix = 'kms:encryptioncontext:';
  for (const [key, values] of ctx.entries()) {
    if (key.toLowerCase().startsWith(prefix) && values.length > 0) pairs.set(key.slice(prefix.length), values[0]!);
  }
  return pairs;
}

/**
 * The operations for which encryption context constraints are ignored (create-grant-overview.md#grant-constraints).
 * The reference's own copy: the Z3 engine reads the operation table's column through kms.kp, and the two are
 * kept apart on purpose so that a slip in one shows up as a disagreement between the engines.
 */
const IGNORES_CONSTRAINTS = new Set(['DescribeKey', 'RetireGrant']);

/**
 * Grant constraints: EncryptionContextEquals needs exactly the grant's pairs; EncryptionContextSubset needs at
 * least them. Both compare keys and values exactly and case-sensitively (create-grant-overview.md#grant-constraints).
 */
export function constraintsHold(grant: Grant, operation: string, ctx: RequestContext): boolean {
  const constraints = grant.constraints;
  if (!constraints || IGNORES_CONSTRAINTS.has(operation)) return true;
  const request = encryptionContextOf(ctx);
  const includes = (pairs: Record<string, string>) => Object.entries(pairs).every(([k, v]) => request.get(k) === v);
  if (constraints.encryptionContextEquals) {
    const pairs = constraints.encryptionContextEquals;
    // The request's encryption context has every key kms:EncryptionContextKeys names, even one whose value the
    // request context does not give (conditions-kms.md#conditions-kms-encryption-context-keys): such a key is in
    // the context, so the context is not equal to the grant's pairs.
    const keys = new Set([...request.keys(), ...(ctx.get('kms:EncryptionContextKeys') ?? [])]);
    if (!includes(pairs) || keys.size !== Object.keys(pairs).length) return false;
  }
  if (constraints.encryptionContextSubset && !includes(constraints.encryptionContextSubset)) return false;
  return true;
}

export interface ApplicableGrant {
  grant: Grant;
  grantee: PrincipalMatch;
}

/** Grants of the key whose grantee names the caller, whose operations include this one and whose constraints hold. */
export function applicableGrants(key: Key, caller: Caller, operation: string, ctx: RequestContext): ApplicableGrant[] {
  const result: ApplicableGrant[] = [];
  for (const grant of key.grants) {
    const grantee = granteeMatch(grant, caller);
    if (!grantee || !grant.operations.includes(operation) || !constraintsHold(grant, operation, ctx)) continue;
    result.push({ grant, grantee });
  }
  return result;
}
