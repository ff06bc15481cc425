/** `audit`: who can use each key of a world, per operation group, with findings (../shared/spec/interface.md). */
import { limitsOf } from '../engine/limits.js';
import { audit as askAudit } from '../questions/audit/audit.js';
import type { AuditResult } from '../questions/audit/result.js';
import type { World } from '../world/model.js';
import { argumentsObject, optionalFunction, optionalPositiveInteger, worldArgument } from './arguments.js';
import { z3Engine } from './engine-instance.js';

export type { AuditAccess, AuditKey, AuditResult, Finding, FindingKind, ReachGraph } from '../questions/audit/result.js';
export { FAIL_ON_KINDS } from '../questions/audit/result.js';

export interface AuditOptions {
  /** Time limit per solver question (ms); an answer not found in time makes the audit incomplete, never wrong. */
  timeoutMs?: number;
  /** Called after each key. */
  onProgress?: (done: number, total: number) => void;
}

export async function audit(world: World, options: AuditOptions = {}): Promise<AuditResult> {
  worldArgument(world, 'audit');
  const args = argumentsObject(options, 'audit(options)');
  const timeoutMs = optionalPositiveInteger(args['timeoutMs'], 'audit: timeoutMs');
  const onProgress = optionalFunction<(done: number, total: number) => void>(args['onProgress'], 'audit: onProgress');
  const engine = await z3Engine();
  return askAudit(engine.runtime, world, limitsOf(timeoutMs !== undefined ? { timeoutMs } : {}), onProgress);
}
