/**
 * Authorization of a KMS operation that uses no KMS key (src/request/account-request.ts): "IAM policy" is its only
 * policy type and `*` its only resource (kms-api-permissions-reference.md), so no key policy, grant or key state takes
 * part. What remains of iam/reference_policies_evaluation-logic.md: an explicit Deny in an identity policy, the
 * permissions boundary or an SCP denies; the SCPs must allow; the operation works only in the caller's own account
 * (cross-account use "No"); and an identity policy must allow, within the boundary. RCPs are not applied: they
 * restrict access to resources, and these operations name none (a choice the README lists).
 */
import type { CheckAnswer, Reason } from '../answer.js';
import { QUESTIONS } from '../flowchart.js';
import { ACCOUNT_RESOURCE, type AccountRequest } from '../request/account-request.js';
import type { World } from '../world/model.js';
import { matchPolicies } from './policy-match.js';
import { explicitDenies, matchPolicyLayers } from './policy-layers.js';
import { iamPermits, scpAllows, statementRefs } from './rules.js';
import { Trace } from './trace.js';

export function decideAccountOperation(world: World, req: AccountRequest, trace: Trace = new Trace()): CheckAnswer {
  const { caller, operation } = req;
  const statementRequest = { caller, action: operation.action, resource: ACCOUNT_RESOURCE, context: req.context };
  const layers = {
    ...matchPolicyLayers(world, statementRequest, { source: 'key-policy', policy: undefined, account: req.account }),
    rcp: matchPolicies('rcp', [], statementRequest),
  };
  // There is no key, so no key trust to establish: the answer is trusted.
  const finish = (decision: 'ALLOW' | 'DENY', reason: Reason, matched: CheckAnswer['matched']): CheckAnswer => ({
    decision, reason, trusted: true, path: [caller.kind === 'role-session' ? caller.roleArn : caller.arn], matched, trace: trace.steps,
  });

  trace.part = 'use-authorization';
  const denies = statementRefs(explicitDenies(layers));
  if (trace.ask(QUESTIONS.explicitDenyAccount, denies.length > 0, denies)) return finish('DENY', 'EXPLICIT_DENY', denies);
  const scp = scpAllows(layers);
  if (layers.scp && !trace.ask(QUESTIONS.scpAllows(operation.action), scp.allowed, scp.by)) return finish('DENY', 'IMPLICIT_DENY', []);
  if (caller.kind === 'service' || !trace.ask(QUESTIONS.ownAccount(operation.action), caller.accountId === req.account)) {
    return finish('DENY', 'IMPLICIT_DENY', []);
  }
  const iam = iamPermits(caller, layers);
  if (!trace.ask(QUESTIONS.iamAllows, iam.allowed, iam.by)) return finish('DENY', 'IMPLICIT_DENY', []);
  return finish('ALLOW', 'ALLOWED', [...iam.by, ...scp.by]);
}
