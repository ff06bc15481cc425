/**
 * Numbers for the Numeric operators: "comparing a key to an integer or decimal value"
 * (iam/reference_policies_elements_condition_operators.md#Conditions_Numeric).
 * Accepted: an optional sign, digits, an optional fraction (`10`, `-3`, `0.5`, `.5`, `5.`).
 * Anything else (empty text, `1e3`, `0x10`, spaces) is not a number, so it never matches.
 */
export function parseNumericValue(text: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}
