/** `check`: one concrete request, answered by the chosen engine (../shared/spec/interface.md sections 1, 2, 5). */
import type { CheckAnswer } from '../answer.js';
import { resolveKeyName, resolvePrincipalName } from '../query/resolve.js';
import { outsiderAssumption, outsiderNamed, worldWithOutsider } from '../questions/symbolic/outsider.js';
import { buildKmsRequest, type KmsRequest } from '../request/kms-request.js';
import { checkWithReference } from '../reference/evaluator.js';
import type { World } from '../world/model.js';
import {
  argumentsObject, contextArgument, optionalBoolean, optionalChoice, optionalPositiveInteger, stringArgument, worldArgument,
  type RequestContextInput,
} from './arguments.js';
import { z3Engine } from './engine-instance.js';

export type { RequestContextInput } from './arguments.js';

/** Which evaluator answers a check (`--engine`): the Z3 engine (src/engine/) or the reference (src/reference/). */
export type EngineName = 'z3' | 'reference';
/** The library's older name for EngineName (src/index.ts), kept. */
export type Engine = EngineName;

export interface CheckInput {
  /** A principal ARN, a service principal, an account id, or a short name (`bob`, `role/AppRole`). */
  principal: string;
  /** `kms:Decrypt`, or `Decrypt` (any case). */
  action: string;
  /** A key or alias ARN, or a short name (`alias/app-key`, `app-key`, a key id). */
  key: string;
  /**
   * The request context: `K=V` strings (as `--context`; repeat K for a multi-valued key), or an object such as
   * `{ 'kms:EncryptionContext:dept': 'x', 'kms:EncryptionContextKeys': ['a', 'b'] }` (an array for a multi-valued key).
   */
  context?: RequestContextInput;
  transitive?: boolean;
  /** Default: z3. */
  engine?: EngineName;
  /** Time limit per solver query in milliseconds (Z3 engine). */
  timeoutMs?: number;
  /** Z3's deterministic resource limit per query (Z3 engine). */
  resourceLimit?: number;
}

export { closeEngines } from './engine-instance.js';

const ENGINES: readonly EngineName[] = ['z3', 'reference'];

/**
 * `principal` and `key` may be short names (src/query/resolve.ts). A user or role of an account the world does not
 * describe (the example principal who-can prints for a class) is checked as that class assumes: its own IAM
 * policies allow everything; the answer says so in `assumptions`.
 */
export async function check(world: World, input: CheckInput): Promise<CheckAnswer> {
  worldArgument(world, 'check');
  const args = argumentsObject(input, 'check(input)');
  const principal = resolvePrincipalName(world, stringArgument(args['principal'], 'check: principal'), '--principal');
  const action = stringArgument(args['action'], 'check: action');
  const key = resolveKeyName(world, stringArgument(args['key'], 'check: key'), '--key');
  const context = contextArgument(args['context'], 'check: context');
  const transitive = optionalBoolean(args['transitive'], 'check: transitive') ?? false;
  const engine = optionalChoice(args['engine'], ENGINES, 'check: engine') ?? 'z3';
  const timeoutMs = optionalPositiveInteger(args['timeoutMs'], 'check: timeoutMs');
  const resourceLimit = optionalPositiveInteger(args['resourceLimit'], 'check: resourceLimit');

  const outsider = outsiderNamed(world, principal);
  const asked = outsider ? worldWithOutsider(world, outsider) : world;
  const request = buildKmsRequest(asked, { principal, action, key, ...('pairs' in context ? { context: context.pairs } : { contextValues: context.values }) });
  const answer = await decide(asked, request, { transitive, engine, timeoutMs, resourceLimit });
  return outsider ? { ...answer, assumptions: [outsiderAssumption(outsider)] } : answer;
}

interface DecideOptions {
  transitive: boolean;
  engine: EngineName;
  timeoutMs: number | undefined;
  resourceLimit: number | undefined;
}

async function decide(world: World, request: KmsRequest, { transitive, engine, timeoutMs, resourceLimit }: DecideOptions): Promise<CheckAnswer> {
  if (engine === 'reference') return checkWithReference(world, request, { transitive });
  return (await z3Engine()).check(world, request, {
    transitive, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(resourceLimit !== undefined ? { resourceLimit } : {}),
  });
}
