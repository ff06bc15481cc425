/**
 * The policy statements and grants a why-not change proposes, as JSON (what a person pastes into a policy) and as
 * the parsed model (what both engines read), made from one description so that they cannot differ.
 */
import type { StatementJson, WhyNotChange } from '../../answer.js';
import type { SourceLocation } from '../../errors.js';
import type { ConditionClause, Statement } from '../../policy/model.js';
import type { Grant } from '../../world/model.js';

/** Where a proposed statement is "written": nowhere yet. */
export const PROPOSED: SourceLocation = { file: '(proposed by keyproof why-not)', pointer: '' };

export const WHY_NOT_POLICY_NAME = 'keyproof-why-not';
export const WHY_NOT_GRANT_ID = 'keyproof-why-not-grant';

/** A Sid IAM accepts (alphanumerics only, iam/reference_policies_elements_sid.md). */
export function sidFor(...words: string[]): string {
  return words.map((w) => w.replace(/[^A-Za-z0-9]/g, '')).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function statementOf(json: StatementJson, index: number): Statement {
  const principal = json.Principal === undefined ? undefined
    : 'AWS' in json.Principal ? [{ type: 'AWS' as const, value: json.Principal.AWS }] : [{ type: 'Service' as const, value: json.Principal.Service }];
  return {
    index, sid: json.Sid, effect: json.Effect, ...(principal ? { principal } : {}),
    action: [json.Action], resource: [json.Resource], conditions: [], location: PROPOSED,
  };
}

/** The grant of an `add-grant` change. */
export function grantOf(change: Extract<WhyNotChange, { kind: 'add-grant' }>): Grant {
  return {
    grantId: WHY_NOT_GRANT_ID, name: WHY_NOT_GRANT_ID, keyArn: change.key, granteePrincipal: change.granteePrincipal,
    operations: change.operations.map((op) => op.replace(/^kms:/, '')), location: PROPOSED,
  };
}

/** The clauses of a `narrow-deny` change's condition, as the parsed model holds them. */
export function clausesOf(condition: Record<string, Record<string, string>>): ConditionClause[] {
  return Object.entries(condition).flatMap(([operator, keys]) => Object.entries(keys).map(([key, value]): ConditionClause => ({
    operatorText: operator, base: operator as ConditionClause['base'], ifExists: false, key, values: [value], location: PROPOSED,
  })));
}
