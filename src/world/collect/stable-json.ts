/**
 * API outputs as files that two collections of the same estate write identically: the SDK's response metadata
 * (request id, attempts) dropped, object keys sorted, lists of resources sorted by their identifier, timestamps
 * as ISO 8601, two-space indentation and a final newline. Policy documents inside the outputs are strings, as
 * the APIs return them, and are written untouched.
 */

/** The identifying field of the items of a list of resources, in order of preference. */
const ID_FIELDS = ['Arn', 'KeyArn', 'AliasName', 'GrantId', 'PolicyArn', 'VersionId', 'TargetId', 'RegionName', 'Id', 'Key', 'TagKey'];

export function stableJson(value: unknown): string {
  return JSON.stringify(normalise(value), null, 2) + '\n';
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return sortResources(value.map(normalise));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => k !== '$metadata' && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, normalise(v)] as const);
    return Object.fromEntries(entries);
  }
  return value;
}

/** Sorts a list of objects by the first identifying field that every item has as a string; other lists keep their order. */
function sortResources(items: unknown[]): unknown[] {
  if (items.length < 2 || !items.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i))) return items;
  const objects = items as Array<Record<string, unknown>>;
  const field = ID_FIELDS.find((f) => objects.every((o) => typeof o[f] === 'string'));
  if (field === undefined) return items;
  return [...objects].sort((a, b) => ((a[field] as string) < (b[field] as string) ? -1 : (a[field] as string) > (b[field] as string) ? 1 : 0));
}
