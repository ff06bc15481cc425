/** `check`: one concrete request, answered by the chosen engine (../shared/spec/interface.md sections 1, 2, 5). */
import type { CheckAnswer } from '../answer.js';
import { resolveKeyName, resolvePrincipalName } from '../query/resolve.js';
import { outsiderAssumption, outsiderNamed, worldWithOutsider } from '../questions/symbolic/outsider.js';
import { findOperation } from '../kms/operations.js';
import { buildAccountRequest } from '../request/account-request.js';
import { buildKmsRequest, contextNotCarried, contextNotGiven, type KmsRequest } from '../request/kms-request.js';
import { checkWithReference, type CheckRequest } from '../reference/evaluator.js';
import { checkOnIncompleteWorld } from '../questions/access/check-incomplete.js';
import { InputError } from '../errors.js';
import type { World } from '../world/model.js';
import {
  argumentsObject, contextArgument, optionalBoolean, optionalChoice, optionalPositiveInteger, stringArgument, worldArgument,
  type RequestContextInput,
} from './arguments.js';
import { z3Engine } from './engine-instance.js';
import { limitsOf, type LimitOptions } from '../engine/limits.js';
import { whyNot } from '../questions/why-not/why-not.js';

export type { RequestContextInput, RequestContextValue } from './arguments.js';

/** Which evaluator answers a check (`--engine`): the Z3 engine (src/engine/) or the reference (src/reference/). */
export type EngineName = 'z3' | 'reference';
/** The library's older name for EngineName (src/index.ts), kept. */
export type Engine = EngineName;

export interface CheckInput {
  /** A principal ARN, a service principal, an account id, or a short name (`bob`, `role/AppRole`). */
  principal: string;
  /** `kms:Decrypt`, or `Decrypt` (any case). */
  action: string;
  /** A key or alias ARN, or a short name (`alias/app-key`, `app-key`, a key id). Left out for an operation that uses no
   * key (kms:ListKeys, kms:CreateKey...: kms-api-permissions-reference.md, resource `*`). */
  key?: string;
  /** For an operation that uses no key: the account the request is made in (default: the caller's own). */
  account?: string;
  /** For an operation that uses no key: the Region called (the value of aws:RequestedRegion). */
  region?: string;
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
  /**
   * With a DENY, find the smallest sets of changes that would allow the request (`answer.whyNot`; Z3 finds them,
   * the reference evaluator checks each). Default: false, as it asks the solver a few more questions per denied
   * request (`keyproof check` and `query` ask for it).
   */
  whyNot?: boolean;
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
  const keyText = args['key'] === undefined ? undefined : stringArgument(args['key'], 'check: key');
  const account = args['account'] === undefined ? undefined : stringArgument(args['account'], 'check: account');
  const region = args['region'] === undefined ? undefined : stringArgument(args['region'], 'check: region');
  const context = contextArgument(args['context'], 'check: context');
  const transitive = optionalBoolean(args['transitive'], 'check: transitive') ?? false;
  const engine = optionalChoice(args['engine'], ENGINES, 'check: engine') ?? 'z3';
  const timeoutMs = optionalPositiveInteger(args['timeoutMs'], 'check: timeoutMs');
  const resourceLimit = optionalPositiveInteger(args['resourceLimit'], 'check: resourceLimit');
  const explainDeny = optionalBoolean(args['whyNot'], 'check: whyNot') ?? false;

  const outsider = outsiderNamed(world, principal);
  const asked = outsider ? worldWithOutsider(world, outsider) : world;
  const contextInput = 'pairs' in context ? { context: context.pairs } : { contextValues: context.values };
  const request = findOperation(action)?.resource === 'none'
    ? accountRequestOf(asked, { principal, action, keyText, account, region, contextInput })
    : buildKmsRequest(asked, { principal, action, key: keyFor(world, action, keyText, account, region), ...contextInput });
  const decided = await decide(asked, request, { transitive, engine, timeoutMs, resourceLimit });
  // A collected world may lack parts that bear on the request: the answer found in what it holds is then UNKNOWN.
  if (!('key' in request)) {
    const onAccount = checkOnIncompleteWorld(world, undefined, decided);
    return outsider ? { ...onAccount, assumptions: [outsiderAssumption(outsider)] } : onAccount;
  }
  const onWorld = checkOnIncompleteWorld(world, request.key, decided);
  const answer = explainDeny && onWorld.decision === 'DENY' ? { ...onWorld, ...(await whyNotFields(asked, request, { timeoutMs, resourceLimit })) } : onWorld;
  const assumptions = [
    ...(outsider ? [outsiderAssumption(outsider)] : []), ...contextNotCarried(request.key, request.overrides), ...contextNotGiven(asked, request.context),
  ];
  return assumptions.length > 0 ? { ...answer, assumptions } : answer;
}

/** The changes that would allow a denied request, as the answer's fields (`whyNot`, `whyNotIncomplete`). */
async function whyNotFields(world: World, request: KmsRequest, options: LimitOptions): Promise<Pick<CheckAnswer, 'whyNot' | 'whyNotIncomplete' | 'whyNotLimits'>> {
  const { alternatives, incomplete, limits } = await whyNot((await z3Engine()).runtime, world, request, limitsOf(options));
  return {
    whyNot: alternatives, ...(incomplete ? { whyNotIncomplete: incomplete } : {}),
    ...(alternatives.length === 0 && limits.length > 0 ? { whyNotLimits: limits } : {}),
  };
}

function keyFor(world: World, action: string, keyText: string | undefined, account: string | undefined, region: string | undefined): string {
  if (keyText === undefined) throw new InputError(undefined, `--key: ${action} acts on a KMS key; name it with --key`);
  if (account !== undefined || region !== undefined) {
    throw new InputError(undefined, `--account/--region: only for operations that use no KMS key (kms:ListKeys...); ${action} is asked in the key's account and Region`);
  }
  return resolveKeyName(world, keyText, '--key');
}

interface AccountRequestArguments {
  principal: string;
  action: string;
  keyText: string | undefined;
  account: string | undefined;
  region: string | undefined;
  contextInput: { context: readonly string[] } | { contextValues: ReadonlyArray<readonly [string, readonly string[]]> };
}

function accountRequestOf(world: World, a: AccountRequestArguments) {
  if (a.keyText !== undefined) {
    throw new InputError(undefined, `--key: ${a.action} uses no KMS key (its resource is "*", kms-api-permissions-reference.md); leave --key out, and give --account if it is not the caller's own`);
  }
  return buildAccountRequest(world, {
    principal: a.principal, action: a.action, ...(a.account !== undefined ? { account: a.account } : {}), ...(a.region !== undefined ? { region: a.region } : {}), ...a.contextInput,
  });
}

interface DecideOptions {
  transitive: boolean;
  engine: EngineName;
  timeoutMs: number | undefined;
  resourceLimit: number | undefined;
}

async function decide(world: World, request: CheckRequest, { transitive, engine, timeoutMs, resourceLimit }: DecideOptions): Promise<CheckAnswer> {
  if (engine === 'reference') return checkWithReference(world, request, { transitive });
  return (await z3Engine()).check(world, request, {
    transitive, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(resourceLimit !== undefined ? { resourceLimit } : {}),
  });
}
