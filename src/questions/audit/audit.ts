/**
 * `audit`, symbolic: for every key, who can perform each operation on it, per operation group: the identities of
 * the world (themselves or through roles) and the classes of principals outside the world, each found by Z3
 * over a symbolic request and checked by the reference evaluator (src/questions/access/key-access.ts); with findings
 * (src/questions/audit/findings.ts) and the graph of who reaches what (src/questions/audit/reach-graph.ts).
 * Each key is one part (key-part.ts); the audit is the parts put together in the world's key order.
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import { callersOfWorld } from '../../request/caller.js';
import type { Key, World } from '../../world/model.js';
import { assembleAudit, auditKeyPart, type KeyAuditPart } from './key-part.js';
import type { AuditOrganization, AuditResult } from './result.js';

export { GROUP_TITLES, auditKey } from './key-table.js';
import { describeIncompletePart, incompletePartsAffecting } from '../access/incomplete-parts.js';
import { missingPartsFor } from '../access/missing-parts.js';

export async function askAudit(
  rt: QuestionRuntime, world: World, limits: Limits, onProgress?: (done: number, total: number) => void, only?: readonly Key[],
): Promise<AuditResult> {
  const selected = only ?? [...world.keys.values()];
  const callers = callersOfWorld(world);
  const parts: KeyAuditPart[] = [];
  for (const key of selected) {
    parts.push(await auditKeyPart(rt, world, key, callers, limits));
    onProgress?.(parts.length, selected.length);
  }
  return assembleAudit(world.file, parts, worldUndecided(world, selected, only === undefined), { organization: auditOrganizationOf(world) });
}

/** The world's organization and its member accounts, as the audit result carries it (absent without one). */
export function auditOrganizationOf(world: World): AuditOrganization | undefined {
  const org = world.organization;
  return org ? { id: org.id, accounts: [...org.accounts] } : undefined;
}

/**
 * What the world itself leaves undecided for an audit of `keys`: the parts its input source does not hold
 * (iam-collect) and the parts a collector could not read. A full audit covers every key of the estate; a focused
 * one (reach --key) only the keys it was given.
 */
export function worldUndecided(world: World, keys: readonly Key[], everyKey: boolean): string[] {
  return [...missingPartsFor(world, keys, everyKey), ...incompletePartsAffecting(world, { keys, everyKey }).map(describeIncompletePart)];
}
