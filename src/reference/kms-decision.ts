/**
 * Use authorization for one KMS request by one identity, as the flowchart of kms/policy-evaluation.md asks it:
 * explicit deny, the SCPs, whether the operation works across accounts, the key policy (directly or through IAM
 * policies), grants, and finally the key state; then key trust.
 */
import { QUESTIONS } from '../flowchart.js';
import type { CheckAnswer, MatchedStatement, Reason } from '../answer.js';
import { stateBlocksOperation } from '../kms/key-states.js';
import type { KmsRequest } from '../request/kms-request.js';
import type { World } from '../world/model.js';
import { applicableGrants, grantRef, type ApplicableGrant } from './grants.js';
import { keyTrusted } from './key-trust.js';
import { explicitDenies, matchPolicyLayers, type PolicyLayers } from './policy-layers.js';
import { resourcePolicyAccess } from './resource-policy-access.js';
import { boundaryAllows, iamPermits, scpAllows, statementRefs } from './rules.js';
import { Trace } from './trace.js';

/**
 * A grant gives its permissions straight to a grantee named by ARN; one naming the caller's role is limited by
 * the role's permissions boundary, and one naming the caller's account needs an IAM policy of that account, as
 * the same principals in a resource policy do (iam/reference_policies_evaluation-logic.md; kms/grants.md).
 */
function grantEffective(applicable: ApplicableGrant, req: KmsRequest, layers: PolicyLayers): boolean {
  switch (applicable.grantee) {
    case 'identity': return true;
    case 'role': return boundaryAllows(layers).allowed;
    case 'account': return iamPermits(req.caller, layers).allowed;
  }
}

/** An operation in another account is effective only if it is in the documented list (key-policy-modifying-external-accounts.md). */
function crossAccountBlocked(req: KmsRequest): boolean {
  return req.caller.kind !== 'service' && req.caller.accountId !== req.key.accountId && !req.operation.crossAccount;
}

export function decideAsIdentity(world: World, req: KmsRequest, trace: Trace = new Trace()): CheckAnswer {
  const { caller, operation, key } = req;
  const layers = matchPolicyLayers(
    world,
    { caller, action: operation.action, resource: key.arn, context: req.context },
    { source: 'key-policy', policy: key.policy, account: key.accountId },
  );
  const grants = applicableGrants(key, caller, operation.name, req.context).filter((g) => grantEffective(g, req, layers));
  const grantRefs = grants.map((g) => grantRef(g.grant));
  const finish = (decision: 'ALLOW' | 'DENY', reason: Reason, matched: MatchedStatement[]): CheckAnswer => {
    const trusted = keyTrusted(caller, key.accountId, layers, grants.length > 0, trace);
    return { decision, reason, trusted, path: [caller.kind === 'role-session' ? caller.roleArn : caller.arn], matched, trace: trace.steps };
  };

  trace.part = 'use-authorization';
  const denies = statementRefs(explicitDenies(layers));
  if (trace.ask(QUESTIONS.explicitDeny, denies.length > 0, denies)) {
    return finish('DENY', 'EXPLICIT_DENY', denies);
  }
  const scp = scpAllows(layers);
  if (layers.scp && !trace.ask(QUESTIONS.scpAllows(operation.action), scp.allowed, scp.by)) {
    return finish('DENY', 'IMPLICIT_DENY', []);
  }
  if (crossAccountBlocked(req)) {
    trace.ask(QUESTIONS.crossAccount(operation.action), false);
    return finish('DENY', 'IMPLICIT_DENY', []);
  }
  const access = resourcePolicyAccess(caller, key.accountId, layers, trace, 'the key policy');
  const viaGrant = !access.allowed && trace.ask(QUESTIONS.grantAllows, grants.length > 0, grantRefs);
  if (!access.allowed && !viaGrant) return finish('DENY', 'IMPLICIT_DENY', access.by);
  const matched = [...(access.allowed ? access.by : grantRefs), ...scp.by];
  const state = stateBlocksOperation(key.state, operation.name);
  if (!trace.ask(QUESTIONS.keyState(key.state, operation.action), !state.blocked)) {
    return finish('DENY', 'KEY_STATE', matched);
  }
  return finish('ALLOW', 'ALLOWED', matched);
}
