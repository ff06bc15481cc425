/**
 * The audit's per-account section: for every account of the world, who can perform each KMS operation that uses no
 * key (kms:CreateKey, kms:ListKeys, kms:ListAliases, kms:GenerateRandom, the custom key store operations...: resource
 * `*`, kms-api-permissions-reference.md) in it. Each identity of the world is asked what it can perform itself or
 * through the roles it reaches (src/questions/access/account-access.ts: Z3 over a symbolic request context, every
 * example checked by the reference evaluator); the request is made in the account of the identity at the end of the
 * path ("Cross-account use: No"). Like a key's part it is plain JSON data, computed once per audit (by shard 0 of a
 * sharded one), so every way of running the audit gives the same bytes.
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import { ACCOUNT_OPERATIONS, accountAccessOf } from '../access/account-access.js';
import { callersOfWorld, identityOf } from '../../request/caller.js';
import type { World } from '../../world/model.js';
import { roleChainsOf } from '../symbolic/role-steps.js';
import { asJsonData } from './key-part.js';
import type { AuditAccountOperation, AuditAccount } from './result.js';

export interface AccountAuditPart {
  accounts: AuditAccount[];
  /** Questions that could not be decided; empty when the section is complete. */
  undecided: string[];
}

export async function auditAccountsPart(rt: QuestionRuntime, world: World, limits: Limits): Promise<AccountAuditPart> {
  const undecided: string[] = [];
  // account -> action -> who
  const found = new Map<string, Map<string, AuditAccountOperation['principals']>>();
  for (const caller of callersOfWorld(world)) {
    if (caller.kind === 'service') continue;
    const { chains, undecided: steps } = await roleChainsOf(rt, world, caller, limits);
    undecided.push(...steps.map((s) => `${identityOf(caller)}: ${s}`));
    const access = await accountAccessOf(rt, world, caller, chains, limits);
    undecided.push(...access.undecided);
    for (const op of access.operations) {
      const byAction = found.get(op.account) ?? new Map<string, AuditAccountOperation['principals']>();
      found.set(op.account, byAction);
      const who = byAction.get(op.action) ?? [];
      byAction.set(op.action, who);
      who.push({ principal: identityOf(caller), path: op.path.length > 1 ? op.path : [], via: op.via, conditions: op.conditions, requires: op.requires, example: op.example });
    }
  }
  const accounts: AuditAccount[] = [...world.accounts.keys()].map((account) => ({
    account,
    operations: ACCOUNT_OPERATIONS.map((op) => ({ action: op.action, principals: found.get(account)?.get(op.action) ?? [] })),
  }));
  return asJsonData({ accounts, undecided: [...new Set(undecided)] });
}
