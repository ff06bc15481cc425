/**
 * BinaryEquals "compares the value of the specified key byte for byte against a base-64 encoded representation
 * of the binary value in the policy" (iam/reference_policies_elements_condition_operators.md#Conditions_BinaryEquals).
 * The request context holds binary values base-64 encoded too; both sides are decoded and compared as bytes.
 * Text that is not standard base-64 (RFC 4648 alphabet, padding optional) never matches.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const match = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(text);
  if (!match) return undefined;
  const [, data, padding] = match as unknown as [string, string, string];
  // A length of 1 mod 4 cannot come from any byte sequence; padding, when present, completes a block of 4.
  if (data.length % 4 === 1) return undefined;
  if (padding !== '' && (data.length + padding.length) % 4 !== 0) return undefined;
  return Buffer.from(data, 'base64');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
