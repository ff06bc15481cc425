/**
 * `audit`, symbolic: for every key, who can perform each operation on it, per operation group: the identities of
 * the world (themselves or through roles) and the classes of principals outside the world, each found by Z3
 * over a symbolic request and checked by the reference evaluator (src/questions/access/key-access.ts); with findings
 * (src/questions/audit/findings.ts) and the graph of who reaches what (src/questions/audit/reach-graph.ts).
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import { KEY_OPERATIONS, type OperationGroup } from '../../kms/operations.js';
import { callersOfWorld, identityOf } from '../../request/caller.js';
import type { Key, World } from '../../world/model.js';
import { findingsFor } from './findings.js';
import { CLASS_ORIGIN, type AuditAccess, type AuditKey, type AuditResult } from './result.js';
import {
  describeAccess, describeClassAccess, keyAccess, type AccessDescription, type Allowed, type ChainedAllowed, type ClassAllowed, type KeyAccess,
} from '../access/key-access.js';
import { describeIncompletePart, incompletePartsAffecting } from '../access/incomplete-parts.js';
import { missingPartsFor } from '../access/missing-parts.js';
import { ReachGraphBuilder } from './reach-graph.js';

export const GROUP_TITLES: Record<OperationGroup, string> = {
  crypto: 'encrypt, decrypt and data keys',
  'sign-verify-mac': 'sign, verify and MAC',
  grants: 'grants',
  admin: 'administration',
  read: 'read',
};


/**
 * One row per principal, path and conditions: operations the principal performs the same way share a row; one it
 * performs through a role, or under other conditions, gets its own (so a row never claims a path or conditions
 * that only some of its operations have).
 */
function rowsOf(found: ReadonlyArray<{ operation: string; description: AccessDescription }>, row: (d: AccessDescription) => Omit<AuditAccess, 'operations'>): AuditAccess[] {
  const rows = new Map<string, AuditAccess>();
  for (const { operation, description } of found) {
    const id = JSON.stringify([description.path, description.conditions]);
    const existing = rows.get(id);
    if (existing) existing.operations.push(operation);
    else rows.set(id, { ...row(description), operations: [operation] });
  }
  return [...rows.values()];
}

/** The key's table: per operation group, each principal with the operations of the group it can perform. */
export function auditKey(world: World, access: KeyAccess): AuditKey {
  const { key } = access;
  const groups = (Object.keys(GROUP_TITLES) as OperationGroup[]).map((group) => {
    const operations = KEY_OPERATIONS.filter((op) => op.group === group);
    const entries: AuditAccess[] = [];
    for (const caller of access.callers) {
      const id = identityOf(caller);
      const found = operations.flatMap((op) => {
        const allowed: Allowed | ChainedAllowed | undefined = access.direct.get(id)?.get(op.action) ?? access.chained.get(id)?.get(op.action);
        return allowed ? [{ operation: op.action, description: describeAccess(world, key, allowed) }] : [];
      });
      entries.push(...rowsOf(found, (d) => ({
        principal: id, origin: 'world', path: d.path.length > 1 ? d.path : [], via: d.via, conditions: d.conditions, requires: d.requires, matched: d.matched,
      })));
    }
    const byClass = new Map<string, ClassAllowed[]>();
    for (const c of access.classes.filter((c) => operations.some((op) => op.action === c.operation.action))) {
      const id = `${c.cls.kind} ${c.cls.value}`;
      byClass.set(id, [...(byClass.get(id) ?? []), c]);
    }
    for (const found of byClass.values()) {
      const cls = found[0]!.cls;
      entries.push(...rowsOf(found.map((f) => ({ operation: f.operation.action, description: describeClassAccess(world, key, f) })), (d) => ({
        principal: cls.value, origin: CLASS_ORIGIN[cls.kind], path: [], via: d.via, conditions: d.conditions, requires: d.requires, matched: d.matched,
      })));
    }
    return { group, title: GROUP_TITLES[group], access: entries };
  });
  return { key: key.arn, account: key.accountId, state: key.state, aliases: [...key.aliases], groups, location: key.location };
}

export async function audit(
  rt: QuestionRuntime, world: World, limits: Limits, onProgress?: (done: number, total: number) => void, only?: readonly Key[],
): Promise<AuditResult> {
  const selected = only ?? [...world.keys.values()];
  const callers = callersOfWorld(world);
  const undecided: string[] = missingPartsFor(world, selected, only === undefined);
  const keys: AuditKey[] = [];
  const findings = [];
  const graph = new ReachGraphBuilder(world);
  let done = 0;
  for (const key of selected) {
    const access = await keyAccess(rt, world, key, callers, limits, undecided);
    keys.push(auditKey(world, access));
    findings.push(...findingsFor(world, access));
    graph.addKey(access);
    onProgress?.(++done, selected.length);
  }
  // A full audit covers every key of the estate; a focused one (reach --key) only the keys it was given.
  undecided.push(...incompletePartsAffecting(world, { keys: selected, everyKey: only === undefined }).map(describeIncompletePart));
  return { world: world.file, keys, findings, graph: graph.build(), complete: undecided.length === 0, undecided };
}
