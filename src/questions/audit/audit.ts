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
import { conditionsOf, viaOf } from '../access/explanation.js';
import { findingsFor } from './findings.js';
import { CLASS_ORIGIN, type AuditAccess, type AuditKey, type AuditResult } from './result.js';
import { keyAccess, matchedOf, type Allowed, type ChainedAllowed, type ClassAllowed, type KeyAccess } from '../access/key-access.js';
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
