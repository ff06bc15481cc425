/** A key's audit table: per operation group, each principal with the operations of the group it can perform. */
import { KEY_OPERATIONS, type OperationGroup } from '../../kms/operations.js';
import { identityOf } from '../../request/caller.js';
import type { World } from '../../world/model.js';
import { CLASS_ORIGIN, type AuditAccess, type AuditKey } from './result.js';
import {
  describeAccess, describeClassAccess, type AccessDescription, type Allowed, type ChainedAllowed, type ClassAllowed, type KeyAccess,
} from '../access/key-access.js';

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
