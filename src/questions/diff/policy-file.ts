/**
 * A policy document read from its own file (for `keyproof diff`): JSON or YAML, a document or a JSON string; for
 * key policies also the verbatim output of `aws kms get-key-policy`.
 */
import { readKeyPolicy } from '../../policy/key-policy.js';
import { SourceText } from '../../input/source-text.js';
import { Where } from '../../input/where.js';
import type { PolicyDocument } from '../../policy/model.js';
import { parsePolicyDocument, type PolicyKind } from '../../policy/parse.js';

export function loadPolicyDocumentFile(path: string, kind: PolicyKind = 'resource'): PolicyDocument {
  const text = SourceText.read(path);
  const where = Where.ofFile(text);
  return kind === 'resource' ? readKeyPolicy(text.value, where).document : parsePolicyDocument(text.value, where, kind);
}
