/** How a grant's grantee is read: a service principal, or an AWS principal (account, user, role) (kms/grants.md). */
import type { PrincipalEntry } from '../policy/model.js';
import type { Grant } from './model.js';

export const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

/** The grantee as a Principal entry of a policy, so that grants and policies name principals the same way. */
export function granteeEntry(grant: Grant): PrincipalEntry {
  return SERVICE_PRINCIPAL.test(grant.granteePrincipal)
    ? { type: 'Service', value: grant.granteePrincipal }
    : { type: 'AWS', value: grant.granteePrincipal };
}
