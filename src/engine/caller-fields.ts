/**
 * The request fields a caller fixes, as the rules (src/semantics/kms.kp) read them: its ARN and kind, its account
 * (none for a service principal) and, for a role session, the role it is a session of. The one mapping from a
 * caller to request fields, for checks, the prefilter, symbolic questions and diff alike.
 */
import type { Caller } from '../request/caller.js';

export type CallerField = 'principal' | 'kind' | 'account' | 'role';

export function callerFields(caller: Caller): Record<CallerField, string> {
  return {
    principal: caller.arn,
    kind: caller.kind,
    account: caller.kind === 'service' ? '' : caller.accountId,
    role: caller.kind === 'role-session' ? caller.roleArn : '',
  };
}
