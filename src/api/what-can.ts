/** `whatCan`: the keys and operations a principal can reach (../shared/spec/interface.md, `what-can`). */
import { limitsOf } from '../engine/limits.js';
import { resolvePrincipalName } from '../query/resolve.js';
import { askWhatCan, type WhatCanResult } from '../questions/access/what-can.js';
import { resolveCaller } from '../request/caller.js';
import type { World } from '../world/model.js';
import { argumentsObject, optionalPositiveInteger, stringArgument, worldArgument } from './arguments.js';
import { z3Engine } from './engine-instance.js';

export interface WhatCanInput {
  /**
   * A user, role, assumed-role session or account root ARN, or a service principal (as `--principal`), or a short
   * name (`bob`, `role/AppRole`, an account id).
   */
  principal: string;
  timeoutMs?: number;
}

export async function whatCan(world: World, input: WhatCanInput): Promise<WhatCanResult> {
  worldArgument(world, 'whatCan');
  const args = argumentsObject(input, 'whatCan(input)');
  const caller = resolveCaller(world, resolvePrincipalName(world, stringArgument(args['principal'], 'whatCan: principal'), '--principal'));
  const timeoutMs = optionalPositiveInteger(args['timeoutMs'], 'whatCan: timeoutMs');
  const engine = await z3Engine();
  return askWhatCan(engine.runtime, world, caller, limitsOf({ timeoutMs }));
}
