/**
 * One key's access as a set of (who, operation) items, each with the request that shows it, so that the access
 * before and after a change can be compared item by item, and each item's request asked of the other side.
 */
import type { MatchedStatement } from '../../answer.js';
import type { KmsOperation } from '../../kms/operations.js';
import { identityOf, sessionOf, type Caller } from '../../request/caller.js';
import { callerContext, keyContext, mergeContext, type ContextEntries } from '../../request/derive-context.js';
import type { Key, World } from '../../world/model.js';
import { viaOf } from '../access/explanation.js';
import { CLASS_ORIGIN, type AccessOrigin } from '../audit/result.js';
import { chosenContext, describeAccess, describeClassAccess, type KeyAccess } from '../access/key-access.js';

export interface AccessItem {
  /** `id` of the identity (ARN) or `kind value` of a class: what is compared across the change. */
  id: string;
  principal: string;
  origin: AccessOrigin;
  operation: KmsOperation;
  caller: Caller;
  /** The roles assumed first (empty for direct access). */
  through: string[];
  /** The context values the request chooses (not those derived from the world). */
  chosen: ContextEntries;
  matched: MatchedStatement[];
  conditions: string[];
  path: string[];
}

export function accessItems(world: World, access: KeyAccess): Map<string, AccessItem> {
  const { key } = access;
  const items = new Map<string, AccessItem>();
  const put = (item: AccessItem) => items.set(`${item.id}\n${item.operation.action}`, item);
  for (const [id, byOp] of access.direct) {
    for (const allowed of byOp.values()) {
      const described = describeAccess(world, key, allowed);
      put({
        id, principal: id, origin: 'world', operation: allowed.operation, caller: allowed.caller, through: [],
        chosen: chosenContext(world, allowed.caller, key, allowed.outcome.context), matched: described.final,
        conditions: described.conditions, path: [],
      });
    }
  }
  for (const [id, byOp] of access.chained) {
    for (const chained of byOp.values()) {
      const target = chained.target;
      const described = describeAccess(world, key, chained);
      put({
        id, principal: id, origin: 'world', operation: target.operation, caller: chained.caller, through: chained.chain.path.slice(1),
        chosen: chained.example, matched: [...chained.chain.steps.flat(), ...described.final],
        conditions: described.conditions, path: chained.chain.path,
      });
    }
  }
  for (const found of access.classes) {
    const id = `${found.cls.kind} ${found.cls.value}`;
    put({
      id, principal: found.cls.value, origin: CLASS_ORIGIN[found.cls.kind], operation: found.operation, caller: found.example, through: [],
      chosen: chosenContext(world, found.example, key, found.outcome.context), matched: found.outcome.matched,
      conditions: describeClassAccess(world, key, found).conditions, path: [],
    });
  }
  return items;
}

/**
 * The caller as the other world knows it: the same user or role (whose policies may differ there), or undefined
 * when it does not exist there. Principals outside the world (outsiders, services, roots) are the same.
 */
export function callerIn(world: World, caller: Caller, outsider: boolean): Caller | undefined {
  if (outsider || caller.kind === 'root' || caller.kind === 'service') return caller;
  const account = world.accounts.get(caller.accountId);
  if (caller.kind === 'user') {
    const user = account?.users.get(caller.arn);
    return user && { ...caller, user };
  }
  const role = account?.roles.get(caller.roleArn);
  return role && sessionOf(role, caller.sessionName);
}

/** The whole context of an item's request in a world: what the world derives, and what the request chooses. */
export function contextIn(world: World, caller: Caller, key: Key, chosen: ContextEntries): ContextEntries {
  return mergeContext(callerContext(world, caller), keyContext(key), chosen);
}

export const itemId = (caller: Caller) => identityOf(caller);
