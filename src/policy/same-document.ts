/** Whether two parsed policy documents say the same thing, wherever each was read (locations aside). */
import type { PolicyDocument } from './model.js';

const withoutLocations = (document: PolicyDocument): string =>
  JSON.stringify(document, (key, value: unknown) => (key === 'location' ? undefined : value));

export function samePolicyDocument(a: PolicyDocument, b: PolicyDocument): boolean {
  return withoutLocations(a) === withoutLocations(b);
}
