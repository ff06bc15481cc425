/**
 * Inline policies of a user, role or group: `[{ name, document }]` in the native format, `[{ PolicyName,
 * PolicyDocument }]` in get-account-authorization-details. Names are unique per identity.
 */
import type { NamedPolicy } from '../policy/model.js';
import { parsePolicyDocument } from '../policy/parse.js';
import { checkFields, optionalItems, readNonEmptyString, readObject } from '../input/read-value.js';
import type { Where } from '../input/where.js';

export interface InlinePolicyFields {
  name: string;
  document: string;
  /** strict for the native format, lenient for verbatim AWS output (see checkFields). */
  mode: 'strict' | 'lenient';
}

export const NATIVE_INLINE: InlinePolicyFields = { name: 'name', document: 'document', mode: 'strict' };
export const AWS_INLINE: InlinePolicyFields = { name: 'PolicyName', document: 'PolicyDocument', mode: 'lenient' };

export function readInlinePolicies(value: unknown, where: Where, fields: InlinePolicyFields): NamedPolicy[] {
  const policies: NamedPolicy[] = [];
  for (const [item, itemWhere] of optionalItems(value, where, 'a list of inline policies')) {
    const object = readObject(item, itemWhere, `an inline policy ({ ${fields.name}, ${fields.document} })`);
    checkFields(object, itemWhere, 'an inline policy', [fields.name, fields.document], fields.mode);
    const name = readNonEmptyString(object[fields.name], itemWhere.at(fields.name), 'the inline policy name');
    if (policies.some((p) => p.name === name)) {
      throw itemWhere.at(fields.name).error(`duplicate inline policy name "${name}" (names are unique per identity)`);
    }
    if (object[fields.document] === undefined) {
      throw itemWhere.error(`the inline policy "${name}" is missing the required field "${fields.document}"`);
    }
    policies.push({ name, document: parsePolicyDocument(object[fields.document], itemWhere.at(fields.document), 'identity') });
  }
  return policies;
}
