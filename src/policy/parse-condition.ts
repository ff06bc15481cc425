/**
 * The Condition element (iam/reference_policies_elements_condition.md) and its operators
 * (iam/reference_policies_elements_condition_operators.md; set qualifiers: reference_policies_multi-value-conditions.md).
 */
import { closestName } from '../input/did-you-mean.js';
import { describeValue, readObject } from '../input/read-value.js';
import type { Where } from '../input/where.js';
import type { BaseOperator, ConditionClause, SetQualifier } from './model.js';

/** Every operator of reference_policies_elements_condition_operators.md. */
export const BASE_OPERATORS: readonly BaseOperator[] = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];

const QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS = 'IfExists';

interface Operator {
  base: BaseOperator;
  ifExists: boolean;
  qualifier?: SetQualifier;
}

/** `{ operator: { key: value | [values] } }`: one clause per (operator, key). */
export function parseConditionElement(value: unknown, where: Where): ConditionClause[] {
  const block = readObject(value, where, 'a Condition element mapping condition operators to { key: values }');
  const clauses: ConditionClause[] = [];
  for (const [operatorText, keys] of Object.entries(block)) {
    const operatorWhere = where.at(operatorText);
    const operator = parseOperator(operatorText, operatorWhere);
    const keyMap = readObject(keys, operatorWhere, `the keys and values of "${operatorText}"`);
    for (const [key, rawValues] of Object.entries(keyMap)) {
      const keyWhere = operatorWhere.at(key);
      if (key === '') throw keyWhere.keyError('expected a condition key name, found an empty string');
      clauses.push({
        operatorText,
        ...operator,
        key,
        values: parseConditionValues(rawValues, keyWhere, key),
        location: keyWhere.location(),
      });
    }
  }
  return clauses;
}

function parseOperator(text: string, where: Where): Operator {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  for (const q of QUALIFIERS) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  const ifExists = rest.endsWith(IF_EXISTS) && rest !== IF_EXISTS;
  const baseText = ifExists ? rest.slice(0, -IF_EXISTS.length) : rest;
  const base = BASE_OPERATORS.find((op) => op === baseText);
  if (!base) {
    const suggestion = closestName(text, allOperatorSpellings(qualifier, ifExists));
    const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
    throw where.keyError(
      `unknown condition operator "${text}"${hint} (expected an operator of reference_policies_elements_condition_operators.md, optionally with an IfExists suffix and a ForAllValues: or ForAnyValue: prefix)`,
    );
  }
  // reference_policies_elements_condition_operators.md#Conditions_IfExists: "any condition operator name except the Null condition".
  if (base === 'Null' && ifExists) throw where.keyError('the Null condition operator cannot take the IfExists suffix');
  return qualifier ? { base, ifExists, qualifier } : { base, ifExists };
}

function allOperatorSpellings(qualifier: SetQualifier | undefined, ifExists: boolean): string[] {
  const prefix = qualifier ? `${qualifier}:` : '';
  return BASE_OPERATORS.map((op) => `${prefix}${op}${ifExists ? IF_EXISTS : ''}`);
}

/** A value or a non-empty list of values; JSON numbers and booleans are kept in their text form. */
function parseConditionValues(value: unknown, where: Where, key: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw where.error(`expected at least one value for condition key "${key}", found an empty array`);
  return list.map((item, i) => {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item);
    const itemWhere = Array.isArray(value) ? where.at(i) : where;
    throw itemWhere.error(`expected a condition value (a string, number or boolean) for "${key}", found ${describeValue(item)}`);
  });
}
