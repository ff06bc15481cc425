/**
 * Does one policy statement apply to a request? Action/NotAction, Resource/NotResource, Principal/NotPrincipal
 * and Condition must all match (iam/reference_policies_evaluation-logic.md; reference_policies_elements_action.md,
 * _notaction.md, _resource.md, _notresource.md, _condition.md).
 */
import type { Statement } from '../policy/model.js';
import { evaluateConditions } from './conditions.js';
import { matchesPatternWithVariables } from './variables.js';
import { matchesWildcard } from '../policy/wildcard.js';
import type { Caller } from '../request/caller.js';
import type { RequestContext } from '../request/context.js';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principal-match.js';

/** What a statement is asked about. */
export interface StatementRequest {
  caller: Caller;
  /** `service:Action`, e.g. `kms:Decrypt`. */
  action: string;
  /** The ARN of the resource, e.g. the key ARN or the role ARN for sts:AssumeRole. */
  resource: string;
  context: RequestContext;
}

/** Action names are not case-sensitive (reference_policies_elements_action.md). */
export function actionMatches(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => matchesWildcard(p, action, { ignoreCase: true }));
}

function actionApplies(stmt: Statement, action: string): boolean {
  if (stmt.action) return actionMatches(stmt.action, action);
  if (stmt.notAction) return !actionMatches(stmt.notAction, action);
  return false;
}

/** Resource ARNs may contain wildcards and policy variables (reference_policies_elements_resource.md). */
function resourceMatches(patterns: readonly string[], resource: string, ctx: RequestContext, version: string | undefined): boolean {
  return patterns.some((p) => matchesPatternWithVariables(p, resource, ctx, version));
}

/**
 * What a statement without Resource or NotResource applies to: in a trust policy, the role itself; in a key
 * policy, nothing ("A key policy statement without a Resource element doesn't apply to any KMS key",
 * kms/key-policy-overview.md#key-policy-elements).
 */
export type MissingResource = 'applies' | 'never';

function resourceApplies(stmt: Statement, req: StatementRequest, version: string | undefined, missing: MissingResource): boolean {
  if (stmt.resource) return resourceMatches(stmt.resource, req.resource, req.context, version);
  if (stmt.notResource) return !resourceMatches(stmt.notResource, req.resource, req.context, version);
  return missing === 'applies';
}

/**
 * How the statement's Principal/NotPrincipal names the caller: a PrincipalMatch, `'identity'` for a NotPrincipal
 * that does not exempt the caller, `undefined` when it does not apply. Statements of identity policies and SCPs
 * have no principal element; they apply to the caller they are attached to (`'identity'`).
 */
function principalApplies(stmt: Statement, caller: Caller): PrincipalMatch | undefined {
  if (stmt.principal) return matchPrincipal(stmt.principal, caller);
  if (stmt.notPrincipal) return notPrincipalApplies(stmt.notPrincipal, caller, stmt.effect) ? 'identity' : undefined;
  return 'identity';
}

/**
 * How the statement names the caller when its Principal, Action and Resource elements match the request, whatever
 * its Condition block says; else undefined. (Explanations use it to list the statements whose conditions decide.)
 */
export function statementTargets(
  stmt: Statement, req: StatementRequest, version: string | undefined, missingResource: MissingResource = 'applies',
): PrincipalMatch | undefined {
  const principal = principalApplies(stmt, req.caller);
  if (!principal) return undefined;
  if (!actionApplies(stmt, req.action)) return undefined;
  if (!resourceApplies(stmt, req, version, missingResource)) return undefined;
  return principal;
}

/** Returns how the statement names the caller when the whole statement applies to the request, else undefined. */
export function statementApplies(
  stmt: Statement, req: StatementRequest, version: string | undefined, missingResource: MissingResource = 'applies',
): PrincipalMatch | undefined {
  const principal = statementTargets(stmt, req, version, missingResource);
  if (!principal) return undefined;
  if (!evaluateConditions(stmt.conditions, req.context, version)) return undefined;
  return principal;
}
