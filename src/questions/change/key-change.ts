/**
 * How one key's access differs across a change: the items (who, operation) only one side has, and for the items
 * both sides have, whether the request that shows one side's access is denied on the other (the conditions
 * changed). Every request reported is asked of both worlds by the reference evaluator: allowed on one, denied on
 * the other; an answer that contradicts the symbolic engine is a bug in one of them (exit 3).
 */
import { InternalError, type SourceLocation } from '../../errors.js';
import { checkWithReference } from '../../reference/evaluator.js';
import { chainAlong } from '../../reference/role-assumption.js';
import { contextFromEntries } from '../../request/context.js';
import type { Key, World } from '../../world/model.js';
import { locationOf, viaOf } from '../access/explanation.js';
import { worldWithOutsider } from '../symbolic/outsider.js';
import { callerIn, contextIn, type AccessItem } from './access-items.js';
import type { AccessChange, ChangeWitness } from './change-result.js';

/** Whether the item's request is allowed in the world (with the key as that world has it). */
export function allowsIn(world: World, key: Key | undefined, item: AccessItem): boolean {
  if (!key) return false;
  const outsider = item.origin !== 'world' && item.caller.kind !== 'service';
  const caller = callerIn(world, item.caller, outsider);
  if (!caller) return false;
  const inWorld = outsider ? worldWithOutsider(world, caller) : world;
  const context = contextIn(inWorld, caller, key, item.chosen);
  const request = { caller, operation: item.operation, key, overrides: context, context: contextFromEntries(context) };
  if (item.through.length === 0) return checkWithReference(inWorld, request).decision === 'ALLOW';
  const chain = chainAlong(inWorld, caller, item.through, item.chosen);
  if (!chain) return false;
  return checkWithReference(inWorld, request, { transitive: true, chains: [chain] }).decision === 'ALLOW';
}

export interface SideOf {
  world: World;
  key: Key | undefined;
  items: Map<string, AccessItem>;
  /** Whether every question of this side was decided (a disagreement is then a bug, not a time-out). */
  decided: boolean;
}

export interface KeyDifference {
  gained: AccessChange[];
  lost: AccessChange[];
  /** Items on both sides whose conditions differ, where neither side's request tells them apart. */
  unsettled: string[];
}

const witnessOf = (item: AccessItem): ChangeWitness => ({
  principal: item.caller.arn, action: item.operation.action, context: Object.fromEntries(item.chosen), through: item.through,
});

/**
 * An access found on one side only, asked again on the other side: false when the other side denies it (a real gain or
 * loss). When the other side allows it, it was found there under a class that covers it (a changed condition is
 * recorded in `unsettled`) or a question there was not decided (recorded too); a side that decided everything and
 * still missed it is a disagreement between the engines.
 */
function alsoAllowedOn(item: AccessItem, side: SideOf, which: 'before' | 'after', unsettled: string[]): boolean {
  if (!allowsIn(side.world, side.key, item)) return false;
  const cover = coveringClass(item, side);
  if (cover) {
    if (!sameConditions(item, cover)) unsettled.push(coverText(item, cover, which));
    return true;
  }
  if (side.decided) throw disagreement(item, which);
  const wording = which === 'before' ? 'allowed before the change too' : 'still allowed after the change';
  unsettled.push(`${item.principal} ${item.operation.action}: ${wording}, though not found then (a question was not decided)`);
  return true;
}

/** The difference of one key's access, `after` against `before`. */
export function keyDifference(before: SideOf, after: SideOf, dependsOn: (item: AccessItem) => string[]): KeyDifference {
  const gained: Array<[AccessItem, AccessChange['kind']]> = [];
  const lost: Array<[AccessItem, AccessChange['kind']]> = [];
  const unsettled: string[] = [];
  for (const [id, item] of after.items) {
    const other = before.items.get(id);
    if (!other) {
      if (!alsoAllowedOn(item, before, 'before', unsettled)) gained.push([item, 'new']);
      continue;
    }
    const widened = !allowsIn(before.world, before.key, item);
    const narrowed = !allowsIn(after.world, after.key, other);
    if (widened) gained.push([item, 'widened']);
    if (narrowed) lost.push([other, 'narrowed']);
    if (!widened && !narrowed && !sameConditions(item, other)) {
      unsettled.push(`${item.principal} ${item.operation.action} on ${after.key?.arn}: its conditions change (${describe(other)} → ${describe(item)}), and whether the change allows more requests was not decided`);
    }
  }
  for (const [id, item] of before.items) {
    if (after.items.has(id)) continue;
    if (!alsoAllowedOn(item, after, 'after', unsettled)) lost.push([item, 'removed']);
  }
  return {
    gained: group(gained, after, dependsOn),
    lost: group(lost, before, () => []),
    unsettled,
  };
}

/**
 * A class of principals outside the world is one only where the key's policy or grants name it (principal-classes.ts):
 * on a side that does not, its principals are part of a broader class of that side (anyone, the organization), which
 * then holds the operation. Same conditions: the access is unchanged; others: not decided here, said so.
 */
function coveringClass(item: AccessItem, side: SideOf): AccessItem | undefined {
  if (item.origin === 'world' || item.origin === 'anyone') return undefined;
  const broader = ['anyone', ...(item.origin === 'external-account' ? ['organization'] : [])];
  return [...side.items.values()].find((o) => broader.includes(o.origin) && o.operation.action === item.operation.action);
}

function coverText(item: AccessItem, cover: AccessItem, side: string): string {
  return `${item.principal} ${item.operation.action}: ${side} the change it is allowed as part of ${cover.principal === '*' ? 'anyone' : cover.principal} (${describe(cover)}), and whether that allows more or fewer of its requests (${describe(item)}) was not decided`;
}

const describe = (item: AccessItem) => (item.conditions.length > 0 ? item.conditions.join(' and ') : 'no condition');

/** The same conditions on the same path: what one side's request shows, the other's would too. */
function sameConditions(a: AccessItem, b: AccessItem): boolean {
  const key = (i: AccessItem) => JSON.stringify([[...i.conditions].sort(), i.through]);
  return key(a) === key(b);
}

function disagreement(item: AccessItem, side: string): InternalError {
  return new InternalError(`the Z3 engine found no way for ${item.principal} to call ${item.operation.action} ${side} the change, but the reference evaluator allows the request ${JSON.stringify(witnessOf(item))}; please report this`);
}

/** Items of one principal and kind become one entry listing their operations. */
function group(items: Array<[AccessItem, AccessChange['kind']]>, side: SideOf, dependsOn: (item: AccessItem) => string[]): AccessChange[] {
  const entries = new Map<string, AccessChange>();
  for (const [item, kind] of items) {
    const id = `${item.id}\n${kind}`;
    const entry = entries.get(id);
    if (entry) {
      entry.operations.push(item.operation.action);
      entry.witnesses.push(witnessOf(item));
      entry.dependsOn = [...new Set([...entry.dependsOn, ...dependsOn(item)])];
      continue;
    }
    const locations = side.key
      ? item.matched.map((m) => locationOf(side.world, side.key!, m)).filter((l): l is SourceLocation => l !== undefined)
      : [];
    entries.set(id, {
      principal: item.principal, origin: item.origin, operations: [item.operation.action], path: item.path, via: viaOf(item.matched),
      conditions: item.conditions, matched: item.matched, locations, witnesses: [witnessOf(item)], kind, dependsOn: dependsOn(item), outside: false,
    });
  }
  return [...entries.values()];
}
