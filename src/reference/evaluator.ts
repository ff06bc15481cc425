/**
 * The reference evaluator: a plain transcription of AWS's documented rules, written for reading, not speed.
 * It answers one concrete request; with `transitive`, the caller may first assume roles, any number of times,
 * and the shortest chain that reaches an allowed identity is reported.
 */
import type { CheckAnswer } from '../answer.js';
import { accountRequestWithCaller, type AccountRequest } from '../request/account-request.js';
import type { Caller } from '../request/caller.js';
import { withCaller, type KmsRequest } from '../request/kms-request.js';
import type { World } from '../world/model.js';
import { decideAccountOperation } from './account-decision.js';
import { decideAsIdentity } from './kms-decision.js';
import { chainAlong, type RoleChain } from './role-assumption.js';
import { reachableRoles } from './role-reachability.js';
import { boundedAnswer, worldUnder, type Reading } from './unknown-policies.js';

export interface CheckOptions {
  transitive?: boolean;
  /**
   * The caller's role chains, when already known: they depend on the caller and the request's `--context`
   * values, not on the key or the operation, so a batch of checks for one caller can share them.
   */
  chains?: RoleChain[];
}

/** A request on a key, or one for an operation that uses no key (kms:ListKeys...). */
export type CheckRequest = KmsRequest | AccountRequest;

function decide(world: World, req: CheckRequest): CheckAnswer {
  return 'key' in req ? decideAsIdentity(world, req) : decideAccountOperation(world, req);
}

function madeBy(world: World, req: CheckRequest, caller: Caller): CheckRequest {
  return 'key' in req ? withCaller(world, req, caller) : accountRequestWithCaller(world, req, caller);
}

export function checkWithReference(world: World, req: CheckRequest, options: CheckOptions = {}): CheckAnswer {
  if (world.missingManagedPolicies.length === 0) return checkKnown(world, req, options);
  // Unknown policies: the answers under their two extreme documents bound the answer (src/reference/unknown-policies.ts).
  const under = (reading: Reading): CheckAnswer => {
    const read = worldUnder(world, reading);
    const chains = options.chains?.flatMap((c) => chainAlong(read, req.caller, c.path.slice(1), req.overrides) ?? []);
    return checkKnown(read, req, { ...options, ...(chains ? { chains } : {}) });
  };
  return boundedAnswer(world, req.caller, under('allow-all'), under('deny-all'));
}

/** The check on a world whose every policy document is known. */
function checkKnown(world: World, req: CheckRequest, options: CheckOptions): CheckAnswer {
  const direct = decide(world, req);
  if (direct.decision === 'ALLOW' || !options.transitive) return direct;
  // Chains come shortest first, so the first allowed identity is at the end of a shortest chain. The roles reached
  // are computed once per world and request context (role-reachability.ts); a check adds the final decisions.
  const reached = options.chains?.map((c) => ({ caller: c.caller, chain: () => c })) ?? reachableRoles(world, req.caller, req.overrides);
  for (const role of reached) {
    const answer = decide(world, madeBy(world, req, role.caller));
    if (answer.decision === 'ALLOW') {
      const chain = role.chain();
      return { ...answer, path: chain.path, matched: [...chain.matched, ...answer.matched], trace: [...chain.trace, ...answer.trace] };
    }
  }
  return direct;
}
