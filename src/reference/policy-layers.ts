/**
 * Matches a request against every policy layer that AWS evaluates together: the resource policy (key policy or
 * role trust policy), the caller's identity-based policies and permissions boundary, the SCPs of every level from
 * the organization root down to the caller's account, and the RCPs of the resource's account
 * (iam/reference_policies_evaluation-logic.md, "Evaluating policies within a single account";
 * iam/reference_policies_evaluation-logic-cross-account.md).
 * This step only collects what applies; the rules in resource-policy-access.ts and the KMS flowchart decide.
 * `ignoreConditions` collects the statements that would apply but for their conditions (explanations only).
 */
import type { NamedPolicy } from '../policy/model.js';
import type { PolicySource } from '../answer.js';
import type { World } from '../world/model.js';
import { identityPolicies, permissionsBoundary, rcpsFor, scpsFor } from './attached-policies.js';
import { matchPolicies, type PolicyMatch } from './policy-match.js';
import type { StatementRequest } from './statement-match.js';

export interface PolicyLayers {
  resource: PolicyMatch;
  identity: PolicyMatch;
  /** Undefined when the caller has no permissions boundary. */
  boundary?: PolicyMatch;
  /** The SCPs of each level from the root down to the caller's account; undefined when no SCP restricts the caller. */
  scp?: ScpLevelMatch[];
  rcp: PolicyMatch;
}

export interface ScpLevelMatch extends PolicyMatch {
  level: string;
}

export function matchPolicyLayers(
  world: World,
  req: StatementRequest,
  resourcePolicy: { source: PolicySource; policy: NamedPolicy | undefined; account: string },
  ignoreConditions = false,
): PolicyLayers {
  const boundary = permissionsBoundary(world, req.caller);
  const scps = scpsFor(world, req.caller);
  const match = (source: PolicySource, policies: readonly NamedPolicy[]) => matchPolicies(source, policies, req, ignoreConditions);
  return {
    resource: match(resourcePolicy.source, resourcePolicy.policy ? [resourcePolicy.policy] : []),
    identity: match('iam-policy', identityPolicies(world, req.caller)),
    ...(boundary ? { boundary: match('permissions-boundary', [boundary]) } : {}),
    ...(scps ? { scp: scps.map((l) => ({ level: l.level, ...match('scp', l.policies) })) } : {}),
    rcp: match('rcp', rcpsFor(world, resourcePolicy.account, req.caller)),
  };
}

/** Every explicit Deny, from any layer. */
export function explicitDenies(layers: PolicyLayers) {
  return [
    ...layers.resource.denies, ...layers.identity.denies, ...(layers.boundary?.denies ?? []),
    ...(layers.scp ?? []).flatMap((l) => l.denies), ...layers.rcp.denies,
  ];
}
