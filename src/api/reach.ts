/** `reach`: what a principal reaches and who reaches a key, through roles (../shared/spec/interface.md, `reach`). */
import { limitsOf } from '../engine/limits.js';
import { audit as askAudit } from '../questions/audit/audit.js';
import type { AuditResult } from '../questions/audit/result.js';
import { focusOnPrincipal } from '../questions/audit/reach.js';
import { identityOf, resolveCaller } from '../request/caller.js';
import { resolveKey } from '../request/kms-request.js';
import type { World } from '../world/model.js';
import { z3Engine } from './engine-instance.js';

export interface ReachInput {
  /** A user, role, assumed-role session or account root ARN (as `--principal`). */
  principal?: string;
  /** A key or alias ARN (as `--key`). */
  key?: string;
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function reach(world: World, input: ReachInput = {}): Promise<AuditResult> {
  const principal = input.principal !== undefined ? identityOf(resolveCaller(world, input.principal)) : undefined;
  const keys = input.key !== undefined ? [resolveKey(world, input.key).key] : undefined;
  const engine = await z3Engine();
  const result = await askAudit(engine.runtime, world, limitsOf(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}), input.onProgress, keys);
  return focusOnPrincipal(result, principal !== undefined ? { principal } : {});
}
