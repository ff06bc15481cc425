/**
 * The two policies of `keyproof diff`: read from their files (a JSON or YAML document, a JSON string, or for key
 * policies the verbatim output of `aws kms get-key-policy`), and whether they are key policies or identity policies.
 */
import { InputError } from '../../errors.js';
import type { NamedPolicy } from '../../policy/model.js';
import { loadPolicyDocumentFile } from './policy-file.js';
import { readDocumentValue } from '../../input/embedded-document.js';
import { isPlainObject } from '../../input/read-value.js';
import { SourceText } from '../../input/source-text.js';
import { Where } from '../../input/where.js';

export type DiffPolicyKind = 'key' | 'identity';

export interface DiffPolicies {
  kind: DiffPolicyKind;
  old: NamedPolicy;
  new: NamedPolicy;
}

/** The document a policy file holds, unwrapped from get-key-policy output and from a JSON string. */
function rawDocument(path: string): unknown {
  const text = SourceText.read(path);
  const where = Where.ofFile(text);
  let value = text.value;
  let at = where;
  // `aws kms get-key-policy` prints {"Policy": "<document string>", "PolicyName": "default"}.
  if (isPlainObject(value) && value.Policy !== undefined && value.Statement === undefined) {
    value = value.Policy;
    at = where.at('Policy');
  }
  return typeof value === 'string' ? readDocumentValue(value, at, 'a policy document').value : value;
}

/**
 * A document whose statements name principals (Principal or NotPrincipal) is a resource policy, here a key policy;
 * identity policies name none (iam/reference_policies_elements_principal.md: "You cannot use the Principal
 * element in an identity-based policy"). Whatever is malformed is left for the policy parser to report.
 */
export function detectPolicyKind(path: string): DiffPolicyKind {
  const document = rawDocument(path);
  if (!isPlainObject(document)) return 'identity';
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const namesPrincipals = statements.some((s) => isPlainObject(s) && (s.Principal !== undefined || s.NotPrincipal !== undefined));
  return namesPrincipals ? 'key' : 'identity';
}

export function loadPolicy(path: string, kind: DiffPolicyKind): NamedPolicy {
  const document = loadPolicyDocumentFile(path, kind === 'key' ? 'resource' : 'identity');
  return { name: path, document };
}

/** Reads both policies; without a forced kind, both must be of the same kind. */
export function loadDiffPolicies(oldPath: string, newPath: string, forced?: DiffPolicyKind): DiffPolicies {
  let kind = forced;
  if (!kind) {
    const oldKind = detectPolicyKind(oldPath);
    const newKind = detectPolicyKind(newPath);
    if (oldKind !== newKind) {
      throw new InputError(undefined,
        `${oldPath} is ${describeKind(oldKind)} but ${newPath} is ${describeKind(newKind)}; diff compares two policies of one kind (force one with --kind key|identity)`);
    }
    kind = oldKind;
  }
  return { kind, old: loadPolicy(oldPath, kind), new: loadPolicy(newPath, kind) };
}

function describeKind(kind: DiffPolicyKind): string {
  return kind === 'key' ? 'a key policy (its statements name principals)' : 'an identity policy (no statement names a principal)';
}
