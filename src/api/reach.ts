/** `reach`: what a principal reaches and who reaches a key, through roles (../shared/spec/interface.md, `reach`). */
import { limitsOf } from '../engine/limits.js';
import { resolveKeyName, resolvePrincipalName } from '../query/resolve.js';
import { askAudit } from '../questions/audit/audit.js';
import type { AuditResult } from '../questions/audit/result.js';
import { focusOnPrincipal } from '../questions/audit/reach.js';
import { identityOf, resolveCaller } from '../request/caller.js';
import { resolveKey } from '../request/kms-request.js';
import type { World } from '../world/model.js';
import { argumentsObject, optionalFunction, optionalPositiveInteger, optionalString, worldArgument } from './arguments.js';
import { z3Engine } from './engine-instance.js';

export interface ReachInput {
  /** A user, role, assumed-role session or account root ARN (as `--principal`), or a short name. */
  principal?: string;
  /** A key or alias ARN (as `--key`), or a short name. */
  key?: string;
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function reach(world: World, input: ReachInput = {}): Promise<AuditResult> {
  worldArgument(world, 'reach');
  const args = argumentsObject(input, 'reach(input)');
  const principalText = optionalString(args['principal'], 'reach: principal');
  const keyText = optionalString(args['key'], 'reach: key');
  const timeoutMs = optionalPositiveInteger(args['timeoutMs'], 'reach: timeoutMs');
  const onProgress = optionalFunction<(done: number, total: number) => void>(args['onProgress'], 'reach: onProgress');
  const principal = principalText !== undefined ? identityOf(resolveCaller(world, resolvePrincipalName(world, principalText, '--principal'))) : undefined;
  const keys = keyText !== undefined ? [resolveKey(world, resolveKeyName(world, keyText, '--key')).key] : undefined;
  const engine = await z3Engine();
  const result = await askAudit(engine.runtime, world, limitsOf({ timeoutMs }), onProgress, keys);
  return focusOnPrincipal(result, principal !== undefined ? { principal } : {});
}
