/** A key policy: a document (object, JSON string, `$file`), or the verbatim output of `aws kms get-key-policy`. */
import type { NamedPolicy } from './model.js';
import { parsePolicyDocument } from './parse.js';
import { followFileRefs } from '../input/file-refs.js';
import { checkFields, isPlainObject } from '../input/read-value.js';
import type { Where } from '../input/where.js';

const GET_KEY_POLICY_FIELDS = ['Policy', 'PolicyName'];

/** `{"Policy": "<document string>", "PolicyName": "default"}` is recognised by its Policy field and no Statement. */
export function readKeyPolicy(raw: unknown, rawWhere: Where): NamedPolicy {
  const { value, where } = followFileRefs(raw, rawWhere);
  if (isPlainObject(value) && value.Policy !== undefined && value.Statement === undefined) {
    checkFields(value, where, 'get-key-policy output', GET_KEY_POLICY_FIELDS, 'lenient');
    return { name: 'key-policy', document: parsePolicyDocument(value.Policy, where.at('Policy'), 'resource') };
  }
  return { name: 'key-policy', document: parsePolicyDocument(value, where, 'resource') };
}
