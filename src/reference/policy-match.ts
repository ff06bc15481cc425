/**
 * The statements of one policy that apply to a request, split into Allows and Denies
 * (iam/reference_policies_evaluation-logic.md: an explicit Deny in any policy overrides any Allow).
 */
import type { MatchedStatement } from '../answer.js';
import { formatLocation } from '../errors.js';
import type { NamedPolicy, Statement } from '../policy/model.js';
import type { PolicySource } from '../answer.js';
import type { PrincipalMatch } from './principal-match.js';
import { statementApplies, statementTargets, type StatementRequest } from './statement-match.js';

export interface AppliedStatement {
  statement: Statement;
  /** How the statement named the caller (always `identity` for policies without a Principal element). */
  principal: PrincipalMatch;
  ref: MatchedStatement;
}

export interface PolicyMatch {
  allows: AppliedStatement[];
  denies: AppliedStatement[];
}

export function statementRef(source: PolicySource, policy: string, stmt: Statement): MatchedStatement {
  return {
    source, policy, sid: stmt.sid ?? String(stmt.index), effect: stmt.effect, location: formatLocation(stmt.location),
  };
}

/**
 * Matches every statement of the given policies against the request. With `ignoreConditions`, the statements
 * whose Principal, Action and Resource match, whatever their conditions (for explanations, never for decisions).
 */
export function matchPolicies(source: PolicySource, policies: readonly NamedPolicy[], req: StatementRequest, ignoreConditions = false): PolicyMatch {
  const result: PolicyMatch = { allows: [], denies: [] };
  const matches = ignoreConditions ? statementTargets : statementApplies;
  for (const policy of policies) {
    for (const stmt of policy.document.statements) {
      const principal = matches(stmt, req, policy.document.version, source === 'key-policy' ? 'never' : 'applies');
      if (!principal) continue;
      const applied = { statement: stmt, principal, ref: statementRef(source, policy.name, stmt) };
      (stmt.effect === 'Deny' ? result.denies : result.allows).push(applied);
    }
  }
  return result;
}
