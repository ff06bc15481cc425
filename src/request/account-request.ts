/**
 * One concrete request for a KMS operation that uses no KMS key (CreateKey, ListKeys, ListAliases, GenerateRandom,
 * the custom key store operations...): the "Resources (for IAM policies)" column of kms-api-permissions-reference.md
 * says `*`, its "Policy type" column "IAM policy", and its "Cross-account use" column "No" (or "N/A"): the request is
 * made in an account, authorized by the caller's IAM policies, permissions boundary and SCPs alone.
 */
import { InputError } from '../errors.js';
import { findOperation, type KmsOperation } from '../kms/operations.js';
import type { World } from '../world/model.js';
import { resolveCaller, type Caller } from './caller.js';
import { contextFromEntries, type RequestContext } from './context.js';
import {
  callerContext, contextOfValues, mergeContext, parseContextPairs, requestTime, viaServiceContext, type ContextEntries,
} from './derive-context.js';

export interface AccountRequest {
  caller: Caller;
  operation: KmsOperation;
  /** The account the request is made in: `--account`, else the caller's own. */
  account: string;
  /** As in KmsRequest: the `--context` values over the request's time (and `--region`). */
  overrides: ContextEntries;
  context: RequestContext;
}

export interface AccountRequestInput {
  principal: string;
  action: string;
  account?: string;
  region?: string;
  context?: readonly string[];
  contextValues?: ReadonlyArray<readonly [string, readonly string[]]>;
}

/**
 * "an asterisk in the Resource element ... when the AWS KMS permission doesn't apply to any particular KMS keys or
 * aliases. For example, when allowing or denying kms:CreateKey or kms:ListKeys permission, you must set the Resource
 * element to *" (kms-api-permissions-reference.md#permissions-column-descriptions): the request's resource is `*`,
 * which only a `Resource` pattern matching the text `*` covers.
 */
export const ACCOUNT_RESOURCE = '*';

export function resolveAccountOperation(action: string): KmsOperation {
  const operation = findOperation(action);
  if (!operation) throw new InputError(undefined, `--action: expected a KMS operation such as kms:ListKeys; got '${action}'`);
  if (operation.resource !== 'none') {
    throw new InputError(undefined, `--key: ${operation.action} acts on a KMS key; name it with --key`);
  }
  return operation;
}

/** What every such request carries: TLS (KMS requires it, see kmsRequestConstants). */
export const ACCOUNT_REQUEST_CONSTANTS: ContextEntries = [['aws:SecureTransport', ['true']]];

/** The context of the request as `identity`: its own values, the request's, and the constants. */
export function accountContextFor(world: World, caller: Caller, overrides: ContextEntries): RequestContext {
  return contextFromEntries(mergeContext(callerContext(world, caller), viaServiceContext(overrides), overrides, ACCOUNT_REQUEST_CONSTANTS));
}

/** The request with a full context (a verified example's), as `identity` in `account`. */
export function accountRequestOf(world: World, caller: Caller, operation: KmsOperation, account: string, overrides: ContextEntries): AccountRequest {
  return { caller, operation, account, overrides, context: accountContextFor(world, caller, overrides) };
}

export function buildAccountRequest(world: World, input: AccountRequestInput, now: Date = new Date()): AccountRequest {
  const caller = resolveCaller(world, input.principal);
  if (caller.kind === 'service') {
    throw new InputError(undefined, `--principal: a service principal has no IAM policies; ${input.action} uses no KMS key, so no key policy could allow it`);
  }
  const operation = resolveAccountOperation(input.action);
  const account = input.account ?? caller.accountId;
  if (!/^\d{12}$/.test(account)) throw new InputError(undefined, `--account: expected a 12-digit account id; got '${account}'`);
  // aws:RequestedRegion is always present in AWS; without --region (and without a key to take it from) it is what
  // --context says, or absent.
  const region: ContextEntries = input.region ? [['aws:RequestedRegion', [input.region]]] : [];
  const given = input.contextValues ? contextOfValues(input.contextValues) : parseContextPairs(input.context ?? []);
  const overrides = mergeContext(requestTime(now), region, given);
  return { caller, operation, account, overrides, context: accountContextFor(world, caller, overrides) };
}

/** The same request, made by another identity (a role session reached by role assumption). */
export function accountRequestWithCaller(world: World, req: AccountRequest, caller: Caller): AccountRequest {
  return { ...req, caller, context: accountContextFor(world, caller, req.overrides) };
}
