/** Every string inside a value (parsed policies, grants, lowered programs), locations left out: they say where, not what. */
export function forEachString(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) forEachString(item, visit);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'location' && k !== 'provenance') forEachString(v, visit);
  }
}
