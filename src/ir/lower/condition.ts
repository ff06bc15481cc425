/**
 * IAM condition clauses as typed constraints (iam/reference_policies_elements_condition_operators.md,
 * reference_policies_elements_condition.md, reference_policies_multi-value-conditions.md).
 *
 * Request values and the context live in the constraint (`ctx("key") any TEST`); only the policy's own values
 * are parsed here. A policy value that does not parse (a number operator given "abc") matches nothing, so it is
 * left out of the test.
 */
import { InputError } from '../../errors.js';
import type { BaseOperator, ConditionClause } from '../../policy/model.js';
import { parseBooleanValue } from '../../policy/values/boolean.js';
import { parseDateValue } from '../../policy/values/date.js';
import { parseNumericValue } from '../../policy/values/numeric.js';
import { parseCidr } from '../../policy/values/ip.js';
import type { ComparisonOp, Constraint, ValueTest } from '../ast.js';
import { hasVariables, toPattern } from './pattern.js';

const NEGATED: ReadonlySet<BaseOperator> = new Set([
  'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals',
  'NotIpAddress', 'ArnNotEquals', 'ArnNotLike',
]);

const ORDER: Partial<Record<BaseOperator, ComparisonOp>> = {
  NumericEquals: '==', NumericNotEquals: '==', NumericLessThan: '<', NumericLessThanEquals: '<=',
  NumericGreaterThan: '>', NumericGreaterThanEquals: '>=',
  DateEquals: '==', DateNotEquals: '==', DateLessThan: '<', DateLessThanEquals: '<=',
  DateGreaterThan: '>', DateGreaterThanEquals: '>=',
};

const defined = <T>(values: (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

function unsupported(clause: ConditionClause, what: string): never {
  throw new InputError(clause.location, `the Z3 engine does not support ${what} yet (condition ${clause.operatorText} on ${clause.key}); use --engine reference`);
}

/** The test one request value must pass to match one of the clause's values (the positive reading). */
function valueTest(clause: ConditionClause, version: string | undefined): ValueTest {
  const { base, values } = clause;
  switch (base) {
    case 'StringEquals': case 'StringNotEquals': {
      // Policy variables work in string operators; `*` and `?` are plain characters here.
      const patterns = values.map((v) => toPattern(v, version, false));
      return patterns.some(hasVariables) ? { kind: 'like', patterns, ignoreCase: false } : { kind: 'in', values: [...values], ignoreCase: false };
    }
    case 'StringEqualsIgnoreCase': case 'StringNotEqualsIgnoreCase': {
      const patterns = values.map((v) => toPattern(v, version, false));
      return patterns.some(hasVariables) ? { kind: 'like', patterns, ignoreCase: true } : { kind: 'in', values: [...values], ignoreCase: true };
    }
    case 'StringLike': case 'StringNotLike':
      return { kind: 'like', patterns: values.map((v) => toPattern(v, version, true)), ignoreCase: false };
    case 'ArnEquals': case 'ArnLike': case 'ArnNotEquals': case 'ArnNotLike':
      return { kind: 'arn-like', patterns: values.map((v) => toPattern(v, version, true)) };
    case 'NumericEquals': case 'NumericNotEquals': case 'NumericLessThan': case 'NumericLessThanEquals':
    case 'NumericGreaterThan': case 'NumericGreaterThanEquals':
      return { kind: 'number', op: ORDER[base]!, values: defined(values.map(parseNumericValue)) };
    case 'DateEquals': case 'DateNotEquals': case 'DateLessThan': case 'DateLessThanEquals':
    case 'DateGreaterThan': case 'DateGreaterThanEquals':
      return { kind: 'date', op: ORDER[base]!, values: defined(values.map(parseDateValue)) };
    case 'Bool': {
      if (values.map((v) => toPattern(v, version, false)).some(hasVariables)) unsupported(clause, 'policy variables in Bool');
      const wanted = new Set(defined(values.map(parseBooleanValue)));
      if (wanted.size === 1) return { kind: 'bool', value: [...wanted][0]! };
      return { kind: 'in', values: wanted.size === 0 ? [] : ['true', 'false'], ignoreCase: true };
    }
    case 'BinaryEquals':
      return { kind: 'binary', values: [...values] };
    case 'IpAddress': case 'NotIpAddress':
      return { kind: 'ip', cidrs: values.filter((v) => parseCidr(v) !== undefined) };
    case 'Null':
      throw new Error('Null has no value test');
  }
}

const present = (key: string): Constraint => ({ kind: 'present', key });
const not = (body: Constraint): Constraint => ({ kind: 'not', body });
const or = (...items: Constraint[]): Constraint => ({ kind: 'or', items });
const and = (...items: Constraint[]): Constraint => ({ kind: 'and', items });

/** Null: `true` means the key is absent (or null), `false` that it is present; several values are ORed. */
function nullConstraint(clause: ConditionClause): Constraint {
  const wanted = new Set(defined(clause.values.map(parseBooleanValue)));
  const items = [...wanted].map((isNull) => (isNull ? not(present(clause.key)) : present(clause.key)));
  return items.length === 1 ? items[0]! : { kind: 'or', items };
}

export function conditionConstraint(clause: ConditionClause, version: string | undefined): Constraint {
  if (clause.base === 'Null') return nullConstraint(clause);
  const key = clause.key;
  const test = valueTest(clause, version);
  const some: Constraint = { kind: 'context', quantifier: 'any', key, test };
  const every: Constraint = { kind: 'context', quantifier: 'all', key, test };
  const negated = NEGATED.has(clause.base);
  let body: Constraint;
  switch (clause.qualifier) {
    // ForAllValues: true for an absent or null key; otherwise every value must satisfy the operator.
    case 'ForAllValues': body = or(not(present(key)), negated ? not(some) : every); break;
    // ForAnyValue: false for an absent or null key; otherwise some value must satisfy the operator.
    case 'ForAnyValue': body = and(present(key), negated ? not(every) : some); break;
    // Without a qualifier a missing key matches nothing: positive operators fail, negated ones hold.
    default: body = negated ? not(some) : some;
  }
  // ...IfExists: an absent (or null) key makes the clause hold.
  return clause.ifExists ? or(not(present(key)), body) : body;
}
