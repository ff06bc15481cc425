/** `whoCan`: who can perform an operation on a key (../shared/spec/interface.md, `who-can`). */
import { limitsOf } from '../engine/limits.js';
import { resolveKeyName } from '../query/resolve.js';
import { askWhoCan, type WhoCanResult } from '../questions/access/who-can.js';
import { resolveKey, resolveOperation } from '../request/kms-request.js';
import type { World } from '../world/model.js';
import { argumentsObject, optionalPositiveInteger, stringArgument, worldArgument } from './arguments.js';
import { z3Engine } from './engine-instance.js';

export interface WhoCanInput {
  /** A key or alias ARN, or a short name (`alias/app-key`, `app-key`, a key id). */
  key: string;
  /** `kms:Decrypt`, or `Decrypt` (any case). */
  action: string;
  timeoutMs?: number;
}

export async function whoCan(world: World, input: WhoCanInput): Promise<WhoCanResult> {
  worldArgument(world, 'whoCan');
  const args = argumentsObject(input, 'whoCan(input)');
  const { key } = resolveKey(world, resolveKeyName(world, stringArgument(args['key'], 'whoCan: key'), '--key'));
  const operation = resolveOperation(stringArgument(args['action'], 'whoCan: action'));
  const timeoutMs = optionalPositiveInteger(args['timeoutMs'], 'whoCan: timeoutMs');
  const engine = await z3Engine();
  return askWhoCan(engine.runtime, world, key, operation, limitsOf({ timeoutMs }));
}
