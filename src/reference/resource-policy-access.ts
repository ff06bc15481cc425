/**
 * Use authorization through a resource policy that must name its principals: a KMS key policy or a role trust
 * policy. The same-account half is the flowchart of kms/policy-evaluation.md; the cross-account half is
 * kms/key-policy-modifying-external-accounts.md ("Neither the key policy nor the IAM policy alone is sufficient")
 * and iam/reference_policies_evaluation-logic-cross-account.md.
 */
import { QUESTIONS } from '../flowchart.js';
import type { MatchedStatement } from '../answer.js';
import type { Caller } from '../request/caller.js';
import type { PolicyLayers } from './policy-layers.js';
import {
  iamPermits, resourcePolicyAllowsCaller, resourcePolicyDelegatesToAccount, resourcePolicyNamesCaller, statementRefs,
} from './rules.js';
import type { Trace } from './trace.js';

export interface ResourcePolicyAccess {
  allowed: boolean;
  /** The statements on the route that allowed, or that were found on the way when none did. */
  by: MatchedStatement[];
}

/** `policy` names the resource policy in questions: "the key policy" or "the trust policy". */
export function resourcePolicyAccess(
  caller: Caller, resourceAccount: string, layers: PolicyLayers, trace: Trace, policy: string,
): ResourcePolicyAccess {
  if (caller.kind === 'service') return serviceAccess(layers, trace, policy);
  if (caller.accountId === resourceAccount) return sameAccountAccess(caller, layers, trace, policy);
  return crossAccountAccess(caller, layers, trace, policy);
}

/** An AWS service principal belongs to no account and has no IAM policies: only the resource policy can allow it. */
function serviceAccess(layers: PolicyLayers, trace: Trace, policy: string): ResourcePolicyAccess {
  const direct = resourcePolicyAllowsCaller(layers);
  const allowed = trace.ask(QUESTIONS.serviceAllowed(policy), direct.length > 0, statementRefs(direct));
  return { allowed, by: statementRefs(direct) };
}

function sameAccountAccess(caller: Caller, layers: PolicyLayers, trace: Trace, policy: string): ResourcePolicyAccess {
  const direct = resourcePolicyAllowsCaller(layers);
  if (trace.ask(QUESTIONS.callerAllowed(policy), direct.length > 0, statementRefs(direct))) {
    return { allowed: true, by: statementRefs(direct) };
  }
  const delegation = resourcePolicyDelegatesToAccount(layers);
  if (!trace.ask(QUESTIONS.accountDelegated(policy), delegation.length > 0, statementRefs(delegation))) {
    return { allowed: false, by: [] };
  }
  const iam = iamPermits(caller, layers);
  trace.ask(QUESTIONS.iamAllows, iam.allowed, iam.by);
  return { allowed: iam.allowed, by: [...statementRefs(delegation), ...(iam.allowed ? iam.by : [])] };
}

function crossAccountAccess(caller: Caller, layers: PolicyLayers, trace: Trace, policy: string): ResourcePolicyAccess {
  const named = resourcePolicyNamesCaller(layers);
  if (!trace.ask(QUESTIONS.otherAccountNamed(policy), named.length > 0, statementRefs(named))) {
    return { allowed: false, by: [] };
  }
  const iam = iamPermits(caller, layers);
  trace.ask(QUESTIONS.otherAccountIamAllows, iam.allowed, iam.by);
  return { allowed: iam.allowed, by: [...statementRefs(named), ...(iam.allowed ? iam.by : [])] };
}
