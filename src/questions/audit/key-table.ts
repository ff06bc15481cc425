/** A key's audit table: per operation group, each principal with the operations of the group it can perform. */
import { KEY_OPERATIONS, type OperationGroup } from '../../kms/operations.js';
import { identityOf } from '../../request/caller.js';
import type { Key, World } from '../../world/model.js';
import { conditionsOf, viaOf } from '../access/explanation.js';
import { CLASS_ORIGIN, type AuditAccess, type AuditKey } from './result.js';
import { matchedOf, type Allowed, type ChainedAllowed, type ClassAllowed, type KeyAccess } from '../access/key-access.js';

export const GROUP_TITLES: Record<OperationGroup, string> = {
  crypto: 'encrypt, decrypt and data keys',
  'sign-verify-mac': 'sign, verify and MAC',
  grants: 'grants',
  admin: 'administration',
  read: 'read',
};


function worldEntry(world: World, key: Key, id: string, found: Array<Allowed | ChainedAllowed>): AuditAccess {
  const first = found[0]!;
  const allowed = 'chain' in first ? first.target : first;
  const matched = 'chain' in first ? [...first.chain.steps.flat(), ...matchedOf(first.target)] : matchedOf(first);
  return {
    principal: id, origin: 'world', operations: found.map((f) => ('chain' in f ? f.target.operation.action : f.operation.action)),
    path: 'chain' in first ? first.chain.path : [], via: viaOf(matched), conditions: conditionsOf(world, matchedOf(allowed), key, allowed.operation), matched,
  };
}

function classEntry(world: World, key: Key, found: ClassAllowed[]): AuditAccess {
  const first = found[0]!;
  return {
    principal: first.cls.value, origin: CLASS_ORIGIN[first.cls.kind], operations: found.map((f) => f.operation.action), path: [],
    via: viaOf(first.outcome.matched), conditions: conditionsOf(world, first.outcome.matched, key, first.operation), matched: first.outcome.matched,
  };
}

/** The key's table: per operation group, each principal with the operations of the group it can perform. */
export function auditKey(world: World, access: KeyAccess): AuditKey {
  const { key } = access;
  const groups = (Object.keys(GROUP_TITLES) as OperationGroup[]).map((group) => {
    const inGroup = (action: string) => KEY_OPERATIONS.some((op) => op.action === action && op.group === group);
    const entries: AuditAccess[] = [];
    for (const caller of access.callers) {
      const id = identityOf(caller);
      const found = KEY_OPERATIONS.filter((op) => op.group === group)
        .map((op) => access.direct.get(id)?.get(op.action) ?? access.chained.get(id)?.get(op.action))
        .filter((f): f is Allowed | ChainedAllowed => f !== undefined);
      if (found.length > 0) entries.push(worldEntry(world, key, id, found));
    }
    const byClass = new Map<string, ClassAllowed[]>();
    for (const c of access.classes.filter((c) => inGroup(c.operation.action))) {
      const id = `${c.cls.kind} ${c.cls.value}`;
      byClass.set(id, [...(byClass.get(id) ?? []), c]);
    }
    for (const found of byClass.values()) entries.push(classEntry(world, key, found));
    return { group, title: GROUP_TITLES[group], access: entries };
  });
  return { key: key.arn, account: key.accountId, state: key.state, aliases: [...key.aliases], groups, location: key.location };
}
