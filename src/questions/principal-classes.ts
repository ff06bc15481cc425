/**
 * The classes of principals outside the world that a key's policy could let in (../shared/spec/interface.md,
 * `who-can` classes): the external accounts its key policy and grants name, the AWS services they name, any
 * principal of an organization account the world does not describe, and anyone at all.
 */
import { accountOfPrincipal } from '../reference/principal-match.js';
import { SERVICE_PRINCIPAL } from '../world/grantee.js';
import type { Key, World } from '../world/model.js';

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
