/** `whoCan`: who can perform an operation on a key (../shared/spec/interface.md, `who-can`). */
import { limitsOf } from '../engine/limits.js';
import { whoCan as askWhoCan, type WhoCanResult } from '../questions/access/who-can.js';
import { resolveKey, resolveOperation } from '../request/kms-request.js';
import type { World } from '../world/model.js';
import { z3Engine } from './engine-instance.js';

export interface WhoCanInput {
  key: string;
  action: string;
  timeoutMs?: number;
}

export async function whoCan(world: World, input: WhoCanInput): Promise<WhoCanResult> {
  const { key } = resolveKey(world, input.key);
  const operation = resolveOperation(input.action);
  const engine = await z3Engine();
  return askWhoCan(engine.runtime, world, key, operation, limitsOf(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}));
}
