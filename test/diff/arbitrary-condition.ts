/**
 * Condition blocks of every operator family, with IfExists, ForAnyValue/ForAllValues and Null, on the condition
 * keys of the vocabulary (iam/reference_policies_elements_condition_operators.md,
 * iam/reference_policies_multi-value-conditions.md).
 */
import fc from 'fast-check';
import { chance, pickOne, sometimes, weighted } from './arbitrary-helpers.js';
import type { JsonCondition } from './native-format.js';
import { CONDITION_KEYS, OPERATORS_OF, type ConditionKeySpec } from './vocabulary.js';

interface Clause {
  operator: string;
  key: string;
  values: string[];
}

function valuesArb(values: readonly string[]): fc.Arbitrary<string[]> {
  return fc.subarray([...values], { minLength: 1, maxLength: Math.min(2, values.length) });
}

/** `Null: { key: true|false }`: does the key exist? (IfExists cannot be combined with Null.) */
function nullClauseArb(spec: ConditionKeySpec): fc.Arbitrary<Clause> {
  return fc.constantFrom('true', 'false').map((v) => ({ operator: 'Null', key: spec.key, values: [v] }));
}

/** A comparison on the key: an operator of one of its families, maybe IfExists, maybe a set qualifier. */
function comparisonClauseArb(spec: ConditionKeySpec): fc.Arbitrary<Clause> {
  const operators = spec.families.flatMap((f) => OPERATORS_OF[f]);
  // Multi-valued keys are nearly always tested with a set qualifier; single-valued ones now and then.
  const qualifierArb = pickOne(
    weighted(fc.constant(''), spec.multiValued ? 1 : 8),
    weighted(fc.constantFrom('ForAnyValue:', 'ForAllValues:'), spec.multiValued ? 4 : 1),
  );
  return fc.record({
    qualifier: qualifierArb,
    base: fc.constantFrom(...operators),
    // IfExists on about a quarter of the clauses.
    ifExists: chance(25),
    values: valuesArb(spec.policyValues),
  }).map(({ qualifier, base, ifExists, values }) => ({
    operator: `${qualifier}${base}${ifExists ? 'IfExists' : ''}`,
    key: spec.key,
    values,
  }));
}

function clauseArb(specs: readonly ConditionKeySpec[]): fc.Arbitrary<Clause> {
  return fc.oneof(...specs.map((spec) => pickOne(weighted(comparisonClauseArb(spec), 9), weighted(nullClauseArb(spec), 1))));
}

function toBlock(clauses: readonly Clause[]): JsonCondition {
  const block: JsonCondition = {};
  for (const { operator, key, values } of clauses) {
    (block[operator] ??= {})[key] = values.length === 1 ? values[0]! : values;
  }
  return block;
}

/** A Condition element of one or two clauses on the given condition keys. */
export function conditionArbOver(specs: readonly ConditionKeySpec[]): fc.Arbitrary<JsonCondition> {
  return fc.array(clauseArb(specs), { minLength: 1, maxLength: 2 }).map(toBlock);
}

/** A Condition element of one or two clauses on any condition key of the vocabulary. */
export const conditionArb: fc.Arbitrary<JsonCondition> = conditionArbOver(CONDITION_KEYS);

/** A Condition element with the given probability (in percent), else none. */
export function maybeCondition(percent: number): fc.Arbitrary<JsonCondition | undefined> {
  return sometimes(conditionArb, percent);
}
