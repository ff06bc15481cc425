/**
 * The request context: the condition keys of one request and their values
 * (iam/reference_policies_elements_condition.md, "The request context").
 * Condition key names are not case-sensitive (same page), so lookups ignore case; values are kept as given.
 */

export interface RequestContext {
  /** The values of `key`, or undefined when the key is absent. A multi-valued key may be present with no values. */
  get(key: string): readonly string[] | undefined;
  has(key: string): boolean;
  /** Every key (spelled as first given) with its values. */
  entries(): IterableIterator<readonly [string, readonly string[]]>;
}

class MapRequestContext implements RequestContext {
  /** Lower-cased key => [key as given, values]. */
  private readonly byKey = new Map<string, readonly [string, readonly string[]]>();

  constructor(entries: Iterable<readonly [string, readonly string[]]>) {
    for (const [key, values] of entries) {
      this.byKey.set(key.toLowerCase(), [key, Object.freeze([...values])]);
    }
  }

  get(key: string): readonly string[] | undefined {
    return this.byKey.get(key.toLowerCase())?.[1];
  }

  has(key: string): boolean {
    return this.byKey.has(key.toLowerCase());
  }

  entries(): IterableIterator<readonly [string, readonly string[]]> {
    return this.byKey.values();
  }
}

/**
 * Builds a context. Keys are compared case-insensitively; a later entry replaces an earlier one with the
 * same key (as mergeContext in derive-context.ts does), so merge multi-valued keys before calling this.
 */
export function contextFromEntries(entries: Iterable<readonly [string, readonly string[]]>): RequestContext {
  return new MapRequestContext(entries);
}

export const EMPTY_CONTEXT: RequestContext = contextFromEntries([]);

/**
 * The values of `key` when it has any, or undefined when the key is absent or its values are null.
 * A key whose values are an empty list or only empty strings is "null"
 * (iam/reference_policies_elements_condition.md, "The request context": an empty string is null;
 * iam/reference_policies_multi-value-conditions.md: "a null data set, such as an empty string").
 * This is the notion of existence that Null, ...IfExists, the set operators and policy variables use.
 */
export function nonNullValues(ctx: RequestContext, key: string): readonly string[] | undefined {
  const values = ctx.get(key);
  if (values === undefined || values.every((v) => v === '')) return undefined;
  return values;
}
