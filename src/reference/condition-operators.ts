/**
 * The comparison each condition operator makes between one request value and one policy value
 * (iam/reference_policies_elements_condition_operators.md). Set qualifiers, ...IfExists, missing keys and
 * the negation of Not operators are applied on top of this by conditions.ts.
 */
import type { BaseOperator } from '../policy/model.js';
import { cidrContains, parseCidr, parseIpAddress } from '../policy/values/ip.js';
import { bytesEqual, decodeBase64 } from '../policy/values/binary.js';
import { parseBooleanValue } from '../policy/values/boolean.js';
import { parseDateValue } from '../policy/values/date.js';
import { parseNumericValue } from '../policy/values/numeric.js';
import type { ResolvedText } from '../policy/variables.js';
import { matchesResolvedText } from './variables.js';

/** Every operator but Null, which tests existence rather than comparing values. */
export type ComparisonOperator = Exclude<BaseOperator, 'Null'>;

export interface ConditionOperator {
  /**
   * Not-operators ("Negated matching") hold for a request value when the positive comparison holds for none of
   * the policy values: "the string cannot match any of the ... values listed to resolve the condition to true"
   * (reference_policies_multi-value-conditions.md#reference_policies_multiple-conditions-eval, Note).
   */
  negated: boolean;
  /**
   * Policy variables are substituted in condition values of the string and ARN operators
   * (reference_policies_variables.md#policy-vars-conditionelement) and of Bool, which the operators page
   * (#Conditions_Boolean) allows although the variables page lists Boolean among the operators that do not.
   */
  acceptsVariables: boolean;
  /** The positive comparison: does `requestValue` match `policyValue`? */
  compare(policyValue: ResolvedText, requestValue: string): boolean;
  /** A short word for explanations, for the positive and the negated reading: `=`, `like`, `<`, `in`... */
  symbol: string;
}

type Ordering = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

function holds(ordering: Ordering, requestValue: number, policyValue: number): boolean {
  switch (ordering) {
    case 'eq': return requestValue === policyValue;
    case 'lt': return requestValue < policyValue;
    case 'le': return requestValue <= policyValue;
    case 'gt': return requestValue > policyValue;
    case 'ge': return requestValue >= policyValue;
  }
}

/** A comparison of parsed values; text that does not parse on either side never matches. */
function ordered(parse: (text: string) => number | undefined, ordering: Ordering) {
  return (policyValue: ResolvedText, requestValue: string): boolean => {
    const p = parse(policyValue.text);
    const r = parse(requestValue);
    return p !== undefined && r !== undefined && holds(ordering, r, p);
  };
}

const stringEquals = (p: ResolvedText, r: string) => matchesResolvedText(p, r, { wildcards: false });
const stringEqualsIgnoreCase = (p: ResolvedText, r: string) => matchesResolvedText(p, r, { wildcards: false, ignoreCase: true });
// StringLike: "Case-sensitive matching ... wildcards (*) and ... (?) anywhere in the string" (#Conditions_String).
const stringLike = (p: ResolvedText, r: string) => matchesResolvedText(p, r, { wildcards: true });
// ArnEquals and ArnLike "behave identically": each of the six components, case-sensitive, wildcards (#Conditions_ARN).
const arnLike = (p: ResolvedText, r: string) => matchesResolvedText(p, r, { wildcards: true, arn: true });

function boolEquals(p: ResolvedText, r: string): boolean {
  const policy = parseBooleanValue(p.text);
  return policy !== undefined && policy === parseBooleanValue(r);
}

function binaryEquals(p: ResolvedText, r: string): boolean {
  const policy = decodeBase64(p.text);
  const request = decodeBase64(r);
  return policy !== undefined && request !== undefined && bytesEqual(policy, request);
}

function ipInRange(p: ResolvedText, r: string): boolean {
  const range = parseCidr(p.text);
  const address = parseIpAddress(r);
  return range !== undefined && address !== undefined && cidrContains(range, address);
}

const number = (ordering: Ordering) => ordered(parseNumericValue, ordering);
const date = (ordering: Ordering) => ordered(parseDateValue, ordering);

function op(compare: ConditionOperator['compare'], symbol: string, negated = false, acceptsVariables = false): ConditionOperator {
  return { compare, symbol, negated, acceptsVariables };
}

const OPERATORS: Record<ComparisonOperator, ConditionOperator> = {
  StringEquals: op(stringEquals, '=', false, true),
  StringNotEquals: op(stringEquals, '!=', true, true),
  StringEqualsIgnoreCase: op(stringEqualsIgnoreCase, '= (ignoring case)', false, true),
  StringNotEqualsIgnoreCase: op(stringEqualsIgnoreCase, '!= (ignoring case)', true, true),
  StringLike: op(stringLike, 'like', false, true),
  StringNotLike: op(stringLike, 'not like', true, true),
  NumericEquals: op(number('eq'), '='),
  NumericNotEquals: op(number('eq'), '!=', true),
  NumericLessThan: op(number('lt'), '<'),
  NumericLessThanEquals: op(number('le'), '<='),
  NumericGreaterThan: op(number('gt'), '>'),
  NumericGreaterThanEquals: op(number('ge'), '>='),
  DateEquals: op(date('eq'), '='),
  DateNotEquals: op(date('eq'), '!=', true),
  DateLessThan: op(date('lt'), '<'),
  DateLessThanEquals: op(date('le'), '<='),
  DateGreaterThan: op(date('gt'), '>'),
  DateGreaterThanEquals: op(date('ge'), '>='),
  Bool: op(boolEquals, 'is', false, true),
  BinaryEquals: op(binaryEquals, '= (base-64)'),
  IpAddress: op(ipInRange, 'in'),
  NotIpAddress: op(ipInRange, 'not in', true),
  ArnEquals: op(arnLike, 'like', false, true),
  ArnLike: op(arnLike, 'like', false, true),
  ArnNotEquals: op(arnLike, 'not like', true, true),
  ArnNotLike: op(arnLike, 'not like', true, true),
};

export function conditionOperator(base: ComparisonOperator): ConditionOperator {
  return OPERATORS[base];
}
