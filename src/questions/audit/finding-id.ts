/**
 * A finding's identity across runs: a fingerprint of what it is about (its kind, key, principal or class, the
 * operation groups and the role chain), never of where it is written or of its wording. Every format that names
 * findings (findings-json, ASFF, OCSF) uses it, and a baseline matches findings by it.
 */
import { createHash } from 'node:crypto';
import { findOperation, type OperationGroup } from '../../kms/operations.js';
import type { AuditAccess, AuditResult, Finding } from './result.js';

/** The operation groups of the operations, each once, sorted. */
export function operationGroupsOf(operations: readonly string[]): OperationGroup[] {
  const groups = new Set<OperationGroup>();
  for (const op of operations) {
    const group = findOperation(op)?.group;
    if (group) groups.add(group);
  }
  return [...groups].sort();
}

const withPrefix = (op: string) => (op.startsWith('kms:') ? op : `kms:${op}`);

/** The access entries of the finding's key and principal that share an operation with it (all of them, if it has none). */
export function accessesOf(result: Pick<AuditResult, 'keys'>, finding: Finding): AuditAccess[] {
  const key = result.keys.find((k) => k.key === finding.key);
  if (!key || finding.principal === '') return [];
  const operations = new Set(finding.operations.map(withPrefix));
  return key.groups.flatMap((g) => g.access).filter((a) =>
    a.principal === finding.principal && (operations.size === 0 || a.operations.some((op) => operations.has(withPrefix(op)))));
}

/** The role chain of the finding's access, caller first; empty when no role is assumed. */
export function rolePathOf(accesses: readonly AuditAccess[]): string[] {
  return accesses.find((a) => a.path.length > 1)?.path ?? [];
}

export function findingFingerprint(finding: Pick<Finding, 'kind' | 'key' | 'principal' | 'operations'>, path: readonly string[]): string {
  const parts = [finding.kind, finding.key, finding.principal, operationGroupsOf(finding.operations), path];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** The id of a finding of `result`. */
export function findingId(result: Pick<AuditResult, 'keys'>, finding: Finding): string {
  return findingFingerprint(finding, rolePathOf(accessesOf(result, finding)));
}
