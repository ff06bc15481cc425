/**
 * Where an account sits in its organization: the levels from the root down to the account (the root, each OU on
 * the direct path, the account itself), and what is attached at a level. This is the organization's structure
 * only; how SCPs and RCPs combine across the levels is each engine's to decide.
 */
import type { Organization, OrganizationPolicy } from './model.js';

/**
 * The levels above and at a member account, root first: the root (when the world knows its id), the OUs on the
 * path from the root, then the account itself. An account in no OU sits directly under the root.
 */
export function levelsOf(org: Organization, account: string): string[] {
  const units = new Map(org.units.map((u) => [u.id, u]));
  const path: string[] = [];
  let unit = org.units.find((u) => u.accounts.includes(account));
  while (unit) {
    path.unshift(unit.id);
    unit = unit.parent === undefined ? undefined : units.get(unit.parent);
  }
  return [...(org.root ? [org.root] : []), ...path, account];
}

/** The policies attached at one level (the root, an OU or an account). */
export function attachedAt(policies: readonly OrganizationPolicy[], level: string): OrganizationPolicy[] {
  return policies.filter((p) => p.targets.includes(level));
}
