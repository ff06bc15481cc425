/** The footer every text report ends with when its answer is incomplete: a heading, then one line per part. */
export function incompleteLines(heading: string, parts: readonly string[]): string[] {
  return [`INCOMPLETE: ${heading}:`, ...parts.map((part) => `  ${part}`)];
}
