/**
 * `what-can`: the keys and operations one principal can reach, itself or through the roles it can assume, for at
 * least one request context. Each (key, operation) is one who-can question asked for that principal alone
 * (`callerCan` in who-can.ts), so the answers, their conditions and their verified examples are who-can's. The
 * operations that use no key are listed apart (account-access.ts).
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import { KEY_OPERATIONS } from '../../kms/operations.js';
import type { Caller } from '../../request/caller.js';
import type { World } from '../../world/model.js';
import { identityOf } from '../../request/caller.js';
import { describeIncompletePart, incompletePartsAffecting } from './incomplete-parts.js';
import { roleChainsOf } from '../symbolic/role-steps.js';
import { missingPartsFor } from './missing-parts.js';
import { callerCan, type WhoCanPrincipal } from './who-can.js';
import { accountAccessOf, type AccountAccess } from './account-access.js';

export interface WhatCanOperation {
  action: string;
  via: WhoCanPrincipal['via'];
  conditions: string[];
  requires: WhoCanPrincipal['requires'];
  /** The principal, then each role assumed (length 1 without role assumption). */
  path: string[];
  /** A request context under which it is allowed (checked by the reference evaluator). */
  example: Record<string, string[]>;
}

export interface WhatCanKey {
  key: string;
  aliases: string[];
  operations: WhatCanOperation[];
}

export interface WhatCanResult {
  principal: string;
  /** Only the keys with at least one reachable operation. */
  keys: WhatCanKey[];
  /**
   * The operations that use no KMS key (kms:ListKeys, kms:CreateKey...) the principal can perform, itself or through
   * roles, each in the account of the identity that makes it (src/questions/access/account-access.ts).
   */
  accountOperations: AccountAccess[];
  complete: boolean;
  /** What could not be decided, when `complete` is false. */
  undecided: string[];
}


export async function askWhatCan(rt: QuestionRuntime, world: World, caller: Caller, limits: Limits): Promise<WhatCanResult> {
  // Role chains depend on the caller alone, not on the key or the operation: found once.
  const { chains, undecided: undecidedSteps } = await roleChainsOf(rt, world, caller, limits);
  const keys: WhatCanKey[] = [];
  const undecided: string[] = [...missingPartsFor(world, [...world.keys.values()], true), ...undecidedSteps];
  for (const key of world.keys.values()) {
    const operations: WhatCanOperation[] = [];
    for (const operation of KEY_OPERATIONS) {
      const answer = await callerCan(rt, world, key, operation, caller, chains, limits);
      undecided.push(...answer.undecided.map((u) => `${operation.action} on ${key.arn}: ${u}`));
      if (!answer.principal) continue;
      const { via, conditions, requires, path, example } = answer.principal;
      operations.push({ action: operation.action, via, conditions, requires, path, example });
    }
    if (operations.length > 0) keys.push({ key: key.arn, aliases: [...key.aliases], operations });
  }
  const account = await accountAccessOf(rt, world, caller, chains, limits);
  undecided.push(...account.undecided);
  undecided.push(...incompletePartsAffecting(world, { keys: [...world.keys.values()], everyKey: true }).map(describeIncompletePart));
  return { principal: identityOf(caller), keys, accountOperations: account.operations, complete: undecided.length === 0, undecided };
}
