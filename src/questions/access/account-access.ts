/**
 * The KMS operations that use no key (kms:ListKeys, kms:CreateKey, kms:GenerateRandom, the custom key store
 * operations: resource `*`, kms-api-permissions-reference.md) that one identity can perform, itself or through the
 * roles it reaches. Such a request is made in the caller's own account ("Cross-account use: No"), so the identity
 * at the end of the path performs it in its own account. Each is Z3's answer over a symbolic request context
 * (src/questions/symbolic/request.ts, target `account`), and every example is checked by the reference evaluator
 * (src/reference/account-decision.ts) before it is reported; a disagreement is a bug (exit 3).
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import { InternalError } from '../../errors.js';
import { KMS_OPERATIONS, type KmsOperation } from '../../kms/operations.js';
import { checkWithReference } from '../../reference/evaluator.js';
import { chainAlong } from '../../reference/role-assumption.js';
import { ACCOUNT_REQUEST_CONSTANTS, ACCOUNT_RESOURCE, accountRequestOf } from '../../request/account-request.js';
import { accountOperationCouldAllow } from '../../engine/principal-prefilter.js';
import { identityOf, type Caller } from '../../request/caller.js';
import { callerContext, mergeContext, type ContextEntries } from '../../request/derive-context.js';
import type { World } from '../../world/model.js';
import { ask, worldSubject, type Subject } from '../symbolic/request.js';
import type { SymbolicChain } from '../symbolic/role-steps.js';
import { describeRequirements, viaOf, type Via } from './explanation.js';
import { accountAccessRequirements, type Requirement } from './requirements.js';

/** The operations that use no KMS key, in the table's order. */
export const ACCOUNT_OPERATIONS: readonly KmsOperation[] = KMS_OPERATIONS.filter((op) => op.resource === 'none');

export interface AccountAccess {
  action: string;
  /** The account the request is made in: that of the identity at the end of the path. */
  account: string;
  via: Via[];
  /** What must hold, as sentences, and as data (per request on the path). */
  conditions: string[];
  requires: Requirement[];
  /** The caller, then each role assumed. */
  path: string[];
  /** The context values a verified request chooses (beyond what the world derives). */
  example: Record<string, string[]>;
}

/** The subject of the question: the identity, with the context every request without a key carries. */
function accountSubject(world: World, caller: Caller): Subject {
  const subject = worldSubject(world, undefined, caller);
  return { ...subject, fixed: mergeContext(subject.fixed, ACCOUNT_REQUEST_CONSTANTS) };
}

/** The context values a request chooses beyond what the world derives for the identity. */
function chosen(world: World, caller: Caller, context: ContextEntries): ContextEntries {
  const derived = new Set(mergeContext(callerContext(world, caller), ACCOUNT_REQUEST_CONSTANTS).map(([k]) => k.toLowerCase()));
  return context.filter(([k]) => !derived.has(k.toLowerCase()));
}

/**
 * The account-level operations `caller` can perform, and what could not be decided. The identity itself is asked
 * first, then the roles it reaches (`chains`, shortest first): the first that can perform an operation answers for it.
 */
export async function accountAccessOf(
  rt: QuestionRuntime, world: World, caller: Caller, chains: readonly SymbolicChain[], limits: Limits,
): Promise<{ operations: AccountAccess[]; undecided: string[] }> {
  const operations: AccountAccess[] = [];
  const undecided: string[] = [];
  const identities = caller.kind === 'service' ? [] : [{ identity: caller, chain: undefined as SymbolicChain | undefined }, ...chains.map((chain) => ({ identity: chain.caller, chain }))];
  for (const operation of ACCOUNT_OPERATIONS) {
    for (const { identity, chain } of identities) {
      if (identity.kind === 'service') continue;
      // Only the identity's own policies can allow it: one that cannot needs no solver (principal-prefilter.ts).
      if (!accountOperationCouldAllow(world, identity, operation.action, ACCOUNT_RESOURCE)) continue;
      const outcome = await ask(rt, world, { kind: 'account', account: identity.accountId, operation }, accountSubject(world, identity), limits);
      if (outcome.status === 'unknown') { undecided.push(`${operation.action} by ${identityOf(identity)}: ${outcome.why}`); continue; }
      if (outcome.status !== 'allowed') continue;
      const found = verified(world, caller, operation, identity, chosen(world, identity, outcome.context), chain);
      if (typeof found === 'string') { undecided.push(found); continue; }
      operations.push(found);
      break;
    }
  }
  return { operations, undecided };
}

/**
 * The access as reported, once the reference evaluator allows its example: the request by the identity itself, or
 * by `caller` along the chain (its role assumptions under the chain's values and the request's). A chain whose
 * steps and request need conflicting values is undecided, named, as for keys (key-access.ts, chainedVerified).
 */
function verified(world: World, caller: Caller, operation: KmsOperation, identity: Caller, example: ContextEntries, chain: SymbolicChain | undefined): AccountAccess | string {
  if (identity.kind === 'service') throw new InternalError('a service principal makes no request without a key; please report this');
  const account = identity.accountId;
  const direct = checkWithReference(world, accountRequestOf(world, identity, operation, account, mergeContext(callerContext(world, identity), example)));
  if (direct.decision !== 'ALLOW') {
    throw new InternalError(`the Z3 engine found that ${identityOf(identity)} can call ${operation.action} in account ${account} with context ${JSON.stringify(Object.fromEntries(example))}, but the reference evaluator answers ${direct.decision} (${direct.reason}); please report this`);
  }
  const through = chain ? chain.path.slice(1) : [];
  const full = chain ? mergeContext(chain.context, example) : example;
  if (chain) {
    const steps = chainAlong(world, caller, through, full);
    const request = accountRequestOf(world, caller, operation, account, full);
    if (!steps || checkWithReference(world, request, { transitive: true, chains: [steps] }).decision !== 'ALLOW') {
      return `${identityOf(caller)} ${operation.action} through ${through.join(' -> ')}: the role assumptions and the request each need their own request context and keyproof knows no single context for the whole chain`;
    }
  }
  const route = accountAccessRequirements(world, operation, account, caller, full, through);
  return {
    action: operation.action, account, via: viaOf(route.final), conditions: describeRequirements(route.requirements), requires: route.requirements,
    path: chain ? chain.path : [identityOf(caller)], example: Object.fromEntries(full),
  };
}
