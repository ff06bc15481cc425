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
import type { AuditResult } from './result.js';

export { GROUP_TITLES, auditKey } from './key-table.js';

export async function audit(
  rt: QuestionRuntime, world: World, limits: Limits, onProgress?: (done: number, total: number) => void, only?: readonly Key[],
): Promise<AuditResult> {
  const selected = only ?? [...world.keys.values()];
  const callers = callersOfWorld(world);
  const parts: KeyAuditPart[] = [];
  for (const key of selected) {
    parts.push(await auditKeyPart(rt, world, key, callers, limits));
    onProgress?.(parts.length, selected.length);
  }
  return assembleAudit(world.file, parts);
}
