/**
 * Evaluation of a statement's Condition block against a request context
 * (iam/reference_policies_elements_condition.md, reference_policies_elements_condition_operators.md,
 * reference_policies_multi-value-conditions.md).
 */
import type { RequestContext } from '../request/context.js';
import { nonNullValues } from '../request/context.js';
import type { ConditionOperator } from './condition-operators.js';
import { conditionOperator } from './condition-operators.js';
import type { ClauseContent, ConditionClause } from '../policy/model.js';
import { parseBooleanValue } from '../policy/values/boolean.js';
import { writtenText, type ResolvedText } from '../policy/variables.js';
import { substituteVariables } from './variables.js';

/**
 * All clauses must hold: "If your policy has multiple condition operators or multiple keys attached to a single
 * condition operator, the conditions are evaluated using a logical AND" (reference_policies_multi-value-conditions.md
 * #reference_policies_multiple-conditions-eval). An empty Condition block holds.
 */
export function evaluateConditions(
  clauses: readonly ConditionClause[],
  ctx: RequestContext,
  policyVersion: string | undefined,
): boolean {
  return clauses.every((clause) => evaluateCondition(clause, ctx, policyVersion));
}

export function evaluateCondition(clause: ClauseContent, ctx: RequestContext, policyVersion: string | undefined): boolean {
  if (clause.base === 'Null') return evaluateNull(clause, ctx);

  // Condition key names are not case-sensitive (reference_policies_elements_condition.md); ctx ignores case.
  const requestValues = ctx.get(clause.key);
  const existing = nonNullValues(ctx, clause.key);

  // "If the key is not present, evaluate the condition element as true" (#Conditions_IfExists). This holds for
  // negated operators too: with Deny and StringNotEqualsIfExists "the request is still denied even if the tag is missing".
  if (clause.ifExists && existing === undefined) return true;

  const operator = conditionOperator(clause.base);
  const policyValues = resolvePolicyValues(clause, operator, ctx, policyVersion);
  // Several values for one key are ORed (#reference_policies_multiple-conditions-eval); a policy value whose
  // variable has no value matches nothing (reference_policies_variables.md#policy-vars-no-value).
  const matchesSomePolicyValue = (requestValue: string) =>
    policyValues.some((p) => p !== undefined && operator.compare(p, requestValue));
  const requestValueSatisfies = (requestValue: string) =>
    operator.negated ? !matchesSomePolicyValue(requestValue) : matchesSomePolicyValue(requestValue);

  switch (clause.qualifier) {
    // ForAllValues "returns true if every key value in the request matches at least one value in the policy. It also
    // returns true if there are no keys in the request, or if the key values resolve to a null data set, such as an
    // empty string" (reference_policies_multi-value-conditions.md#reference_policies_multi-key-or-value-conditions).
    case 'ForAllValues':
      return existing === undefined || existing.every(requestValueSatisfies);
    // ForAnyValue: "For no matching key or a null dataset, the condition returns false" (same section).
    case 'ForAnyValue':
      return existing !== undefined && existing.some(requestValueSatisfies);
    case undefined: {
      // A missing key does not match, so positive operators are false and negated ones true ("Important" note at
      // the top of reference_policies_elements_condition_operators.md).
      // The docs are silent on an operator without ForAllValues/ForAnyValue applied to a key with several values
      // (they only say such keys "require" a set operator). Our choice: the positive form holds when any request
      // value matches any policy value, and a negated form is its exact negation (no request value matches any
      // policy value). This agrees with the docs for a single value and for a missing key.
      const anyMatch = (requestValues ?? []).some(matchesSomePolicyValue);
      return operator.negated ? !anyMatch : anyMatch;
    }
  }
}

/** Policy values after variable substitution; undefined for a value whose variable has no value. */
function resolvePolicyValues(
  clause: ClauseContent,
  operator: ConditionOperator,
  ctx: RequestContext,
  policyVersion: string | undefined,
): (ResolvedText | undefined)[] {
  return clause.values.map((value) =>
    operator.acceptsVariables ? substituteVariables(value, ctx, policyVersion) : writtenText(value),
  );
}

/**
 * Null: `true` means "the key doesn't exist — it is null", `false` "the key exists and its value is not null"
 * (reference_policies_elements_condition_operators.md#Conditions_Null). An empty string or empty list counts as
 * null (reference_policies_elements_condition.md, "The request context"). Several values are ORed; a value other
 * than true/false matches nothing. IfExists and set qualifiers do not apply to Null (#Conditions_IfExists) and
 * are ignored here.
 */
function evaluateNull(clause: ClauseContent, ctx: RequestContext): boolean {
  const isNull = nonNullValues(ctx, clause.key) === undefined;
  return clause.values.some((value) => {
    const wantsNull = parseBooleanValue(value);
    return wantsNull !== undefined && wantsNull === isNull;
  });
}

/**
 * A human-readable form of a clause, for explanations: `kms:ViaService = s3.us-west-2.amazonaws.com`,
 * `aws:SourceIp in 192.0.2.0/24`, `every kms:EncryptionContextKeys in [a, b]`, `aws:TokenIssueTime is absent`.
 */
export function describeClause(clause: ClauseContent): string {
  if (clause.base === 'Null') return describeNull(clause);
  const operator = conditionOperator(clause.base);
  const subject =
    clause.qualifier === 'ForAllValues' ? `every ${clause.key}` :
    clause.qualifier === 'ForAnyValue' ? `some ${clause.key}` :
    clause.key;
  const values = clause.values.map(showValue);
  const one = values.length === 1;
  let predicate: string;
  if (operator.symbol === '=' && !one) predicate = `in [${values.join(', ')}]`;
  else if (operator.symbol === '!=' && !one) predicate = `not in [${values.join(', ')}]`;
  else if (one) predicate = `${operator.symbol} ${values[0]}`;
  else predicate = `${operator.symbol} ${operator.negated ? 'all of' : 'one of'} [${values.join(', ')}]`;
  const ifPresent = clause.ifExists ? ' (if present)' : '';
  return `${subject} ${predicate}${ifPresent}`;
}

function describeNull(clause: ClauseContent): string {
  const wanted = new Set(clause.values.map(parseBooleanValue));
  if (wanted.has(true) && wanted.has(false)) return `${clause.key} is absent or present`;
  if (wanted.has(true)) return `${clause.key} is absent`;
  if (wanted.has(false)) return `${clause.key} is present`;
  return `${clause.key} Null ${clause.values.map(showValue).join(', ')} (never holds)`;
}

function showValue(value: string): string {
  return value === '' ? '""' : value;
}
