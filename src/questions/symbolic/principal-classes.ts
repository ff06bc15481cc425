/**
 * The classes of principals outside the world that a key's policy could let in (../shared/spec/interface.md,
 * `who-can` classes): the external accounts its key policy and grants name, the AWS services they name, any
 * principal of an organization account the world does not describe, and anyone at all.
 */
import { accountOfPrincipal } from '../../reference/principal-match.js';
import { SERVICE_PRINCIPAL } from '../../world/grantee.js';
import type { Key, World } from '../../world/model.js';

export type PrincipalClass =
  | { kind: 'account'; value: string }
  | { kind: 'service'; value: string }
  | { kind: 'organization'; value: string; accounts: string[] }
  | { kind: 'anyone'; value: '*' };


function accountNamedBy(value: string): string | undefined {
  return accountOfPrincipal(value) ?? /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}

export function principalClasses(world: World, key: Key): PrincipalClass[] {
  const accounts = new Set<string>();
  const services = new Set<string>();
  for (const stmt of key.policy.document.statements) {
    for (const p of [...(stmt.principal ?? []), ...(stmt.notPrincipal ?? [])]) {
      if (p.type === 'Service') services.add(p.value);
      if (p.type !== 'AWS') continue;
      const account = accountNamedBy(p.value);
      if (account && !world.accounts.has(account)) accounts.add(account);
    }
  }
  for (const grant of key.grants) {
    if (SERVICE_PRINCIPAL.test(grant.granteePrincipal)) services.add(grant.granteePrincipal);
    const account = accountNamedBy(grant.granteePrincipal);
    if (account && !world.accounts.has(account)) accounts.add(account);
  }
  const classes: PrincipalClass[] = [
    ...[...accounts].sort().map((value) => ({ kind: 'account' as const, value })),
    ...[...services].sort().map((value) => ({ kind: 'service' as const, value })),
  ];
  const org = world.organization;
  const undescribed = org ? org.accounts.filter((a) => !world.accounts.has(a) && !accounts.has(a)) : [];
  if (org && undescribed.length > 0) classes.push({ kind: 'organization', value: org.id, accounts: undescribed });
  classes.push({ kind: 'anyone', value: '*' });
  return classes;
}

/**
 * The accounts a key's question can tell apart from "anyone": the world's, the organization's, and the external
 * accounts its key policy and grants name (each a class of its own).
 */
export function namedAccounts(world: World, key: Key): Set<string> {
  return new Set([...world.accounts.keys(), ...(world.organization?.accounts ?? []),
    ...principalClasses(world, key).filter((c) => c.kind === 'account').map((c) => c.value)]);
}

/** Whether an account belongs to the organization (or, without one, is an account of the world). */
export function accountInsideOrganization(world: World, account: string): boolean {
  return world.organization ? world.organization.accounts.includes(account) : world.accounts.has(account);
}

/**
 * Whether an account is external to a key: never the key's own account; with an organization, one outside it;
 * without one, an account the world does not describe (../shared/spec/interface.md section 3: "Any other account
 * that a policy names is external").
 */
export function externalAccount(world: World, key: Key, account: string): boolean {
  return account !== key.accountId && !accountInsideOrganization(world, account);
}

/**
 * Whether a class lies outside the organization (or, without one, outside the world's accounts) for a key. AWS
 * services act for their callers and are not principals of another account, so they are not counted as outsiders.
 */
export function classOutsideOrganization(world: World, key: Key, cls: PrincipalClass): boolean {
  switch (cls.kind) {
    case 'anyone': return true;
    case 'account': return externalAccount(world, key, cls.value);
    case 'organization': return cls.value !== world.organization?.id;
    case 'service': return false;
  }
}
