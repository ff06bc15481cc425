/** Test helpers: build ConditionClause values and request contexts tersely. */
import type { BaseOperator, ConditionClause, SetQualifier } from '../../src/policy/model.js';
import { evaluateCondition } from '../../src/reference/conditions.js';
import type { RequestContext } from '../../src/request/context.js';
import { contextFromEntries } from '../../src/request/context.js';

/** `clause('ForAnyValue:StringLikeIfExists', 'k', ['v'])`: splits the operator text as the parser would. */
export function clause(operatorText: string, key: string, values: string | string[]): ConditionClause {
  const colon = operatorText.indexOf(':');
  const qualifier = colon >= 0 ? (operatorText.slice(0, colon) as SetQualifier) : undefined;
  let base = colon >= 0 ? operatorText.slice(colon + 1) : operatorText;
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const built: ConditionClause = {
    operatorText,
    base: base as BaseOperator,
    ifExists,
    key,
    values: typeof values === 'string' ? [values] : values,
    location: { file: 'test.json', pointer: '' },
  };
  if (qualifier) built.qualifier = qualifier;
  return built;
}

export function ctx(entries: Record<string, string | string[]>): RequestContext {
  return contextFromEntries(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? [v] : v]));
}

export const V2012 = '2012-10-17';

/** Evaluates one clause under Version 2012-10-17. */
export function holds(operatorText: string, key: string, values: string | string[], context: Record<string, string | string[]>): boolean {
  return evaluateCondition(clause(operatorText, key, values), ctx(context), V2012);
}
