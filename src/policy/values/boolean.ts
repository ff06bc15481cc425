/**
 * Booleans for the Bool and Null operators: "true" or "false"
 * (iam/reference_policies_elements_condition_operators.md#Conditions_Boolean, #Conditions_Null), ignoring case
 * because JSON booleans and strings such as "True" both appear in policies. Anything else is not a boolean.
 */
export function parseBooleanValue(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}
