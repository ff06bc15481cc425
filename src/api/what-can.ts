/** `whatCan`: the keys and operations a principal can reach (../shared/spec/interface.md, `what-can`). */
import { limitsOf } from '../engine/limits.js';
import { whatCan as askWhatCan, type WhatCanResult } from '../questions/access/what-can.js';
import { resolveCaller } from '../request/caller.js';
import type { World } from '../world/model.js';
import { z3Engine } from './engine-instance.js';

export interface WhatCanInput {
  /** A user, role, assumed-role session or account root ARN, or a service principal (as `--principal`). */
  principal: string;
  timeoutMs?: number;
}

export async function whatCan(world: World, input: WhatCanInput): Promise<WhatCanResult> {
  const caller = resolveCaller(world, input.principal);
  const engine = await z3Engine();
  return askWhatCan(engine.runtime, world, caller, limitsOf(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}));
}
