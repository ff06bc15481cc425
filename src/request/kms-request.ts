/**
 * One concrete KMS request: who calls, which operation, on which key, with which request context.
 * Built from the command line's words (../shared/spec/interface.md section 1) against a loaded world.
 */
import { InputError } from '../errors.js';
import { findOperation, type KmsOperation } from '../kms/operations.js';
import { parseArn } from '../policy/arn.js';
import { conditionKeysOf } from '../world/condition-keys.js';
import type { Key, World } from '../world/model.js';
import { resolveCaller, type Caller } from './caller.js';
import { contextFromEntries, type RequestContext } from './context.js';
import {
  callerContext, contextOfValues, keyContext, kmsRequestConstants, mergeContext, parseContextPairs, requestTime, viaServiceContext, type ContextEntries,
} from './derive-context.js';

export interface KmsRequest {
  caller: Caller;
  operation: KmsOperation;
  key: Key;
  /** The alias the request named the key by, if it did (the value of kms:RequestAlias). */
  alias?: string;
  /**
   * The `--context` values, which override derived values for every identity the request is asked for, over the
   * request's time and Region (requestTime; the key's Region, so that the role assumptions of a chain go to that
   * Region's STS endpoint unless `--context aws:RequestedRegion=...` says otherwise).
   */
  overrides: ContextEntries;
  context: RequestContext;
}

export interface KmsRequestInput {
  principal: string;
  action: string;
  key: string;
  /** `--context` pairs, `K=V`. */
  context?: readonly string[];
  /** The context as keys with values (the library's object form); replaces `context` when given. */
  contextValues?: ReadonlyArray<readonly [string, readonly string[]]>;
}

/** Resolves a key ARN or an alias ARN (`arn:aws:kms:REGION:ACCOUNT:alias/NAME`) to a key of the world. */
export function resolveKey(world: World, text: string): { key: Key; alias?: string } {
  const direct = world.keys.get(text);
  if (direct) return { key: direct };
  const aliasTarget = world.aliases.get(text);
  if (aliasTarget) {
    const key = world.keys.get(aliasTarget);
    if (key) return { key, alias: parseArn(text)?.resource ?? text };
  }
  const arn = parseArn(text);
  if (!arn || arn.service !== 'kms' || !(arn.resource.startsWith('key/') || arn.resource.startsWith('alias/'))) {
    throw new InputError(undefined, `--key: expected a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or an alias ARN (arn:aws:kms:REGION:ACCOUNT:alias/NAME); got '${text}'`);
  }
  throw new InputError(undefined, `--key: no ${arn.resource.startsWith('alias/') ? 'alias' : 'key'} '${text}' in the world ${world.file}`);
}

export function resolveOperation(action: string): KmsOperation {
  const operation = findOperation(action);
  if (!operation) throw new InputError(undefined, `--action: expected a KMS operation such as kms:Decrypt; got '${action}'`);
  if (operation.resource === 'none') {
    throw new InputError(undefined, `--action: ${operation.action} does not act on a KMS key, so it cannot be checked against --key`);
  }
  return operation;
}

/**
 * The request context for a caller: derived values first, then the request's own `--context` values, then what every
 * KMS request on the key carries (its Region and TLS: kmsRequestConstants), which no request can change.
 */
export function contextFor(world: World, caller: Caller, key: Key, alias: string | undefined, overrides: ContextEntries): RequestContext {
  // kms:RequestAlias is the alias named in the request (kms/conditions-kms.md#conditions-kms-request-alias).
  const aliasEntries: ContextEntries = alias ? [['kms:RequestAlias', [alias]]] : [];
  return contextFromEntries(mergeContext(
    callerContext(world, caller), keyContext(key), aliasEntries, viaServiceContext(overrides), overrides, kmsRequestConstants(key),
  ));
}

/**
 * The request's own values that the KMS request on the key cannot carry (kmsRequestConstants wins over them): the
 * answer names them, so that a `--context aws:SecureTransport=false` is never dropped without a word. (A chain's
 * role assumptions still use the request's Region.)
 */
export function contextNotCarried(key: Key, overrides: ContextEntries): string[] {
  const given = new Map(overrides.map(([k, v]) => [k.toLowerCase(), v] as const));
  return kmsRequestConstants(key).flatMap(([name, carried]) => {
    const values = given.get(name.toLowerCase());
    if (!values || (values.length === carried.length && values.every((v, i) => v === carried[i]))) return [];
    return [`the request context's ${name}=${values.join(',')} is not used for the KMS request: every KMS request on ${key.arn} carries ${name}=${carried.join(',')} (iam/reference_policies_condition-keys.md; kms/infrastructure-security: AWS KMS requires TLS)`];
  });
}

/**
 * Keys "always included in the request context" whose value only the request knows (iam/reference_policies_condition-keys.md,
 * #condition-keys-useragent): keyproof cannot derive them, so a request that leaves one out while a policy tests it
 * is answered as if it were absent, and the answer says so.
 */
const CHOSEN_BY_THE_REQUEST = ['aws:UserAgent'];

export function contextNotGiven(world: World, context: RequestContext): string[] {
  const tested = conditionKeysOf(world);
  return CHOSEN_BY_THE_REQUEST.filter((k) => tested.has(k.toLowerCase()) && !context.has(k)).map((k) =>
    `every request carries ${k}, and a policy tests it, but the request context gives none: answered as if it were absent (give it with --context ${k}=...)`);
}

export function buildKmsRequest(world: World, input: KmsRequestInput, now: Date = new Date()): KmsRequest {
  const caller = resolveCaller(world, input.principal);
  const operation = resolveOperation(input.action);
  const { key, alias } = resolveKey(world, input.key);
  const overrides = mergeContext(requestTime(now), [['aws:RequestedRegion', [key.region]]], input.contextValues ? contextOfValues(input.contextValues) : parseContextPairs(input.context ?? []));
  return { caller, operation, key, ...(alias ? { alias } : {}), overrides, context: contextFor(world, caller, key, alias, overrides) };
}

/** The same request, made by another identity (a role session reached by role assumption). */
export function withCaller(world: World, req: KmsRequest, caller: Caller): KmsRequest {
  return { ...req, caller, context: contextFor(world, caller, req.key, req.alias, req.overrides) };
}
