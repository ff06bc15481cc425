/**
 * A witness printed by `diff`, asked again of the reference evaluator in the brute-force test's own worlds
 * (pair-world.ts), not in the worlds `diff` built to check it: the caller is made an identity of its account
 * (a role session's role, a user), with IAM policies that allow every KMS action or none as the witness says, or
 * holding the compared identity policy; the context is the witness's, as `keyproof check --context` gives it.
 */
import type { DiffWitness } from '../../../src/questions/diff/diff.js';
import type { Side } from '../../../src/engine/pair-solver.js';
import type { World } from '../../../src/world/model.js';
import { roleArn } from '../../diff/vocabulary.js';
import { examplePairs } from '../brute-force.js';
import { pairWorld, type IamVariant } from './pair-world.js';
import { referenceDecision, type UniverseRequest } from './pair-universe.js';
import type { PolicyPair } from './policy-pairs.js';

/** The IAM user or role behind a principal ARN (none for an account root). */
function identityBehind(principal: string): string | undefined {
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(principal);
  if (session) return roleArn(session[1]!, session[2]!);
  return /^arn:aws:iam::\d{12}:(user|role)\//.test(principal) ? principal : undefined;
}

export interface WitnessCheck {
  request: UniverseRequest;
  worlds: Record<Side, World>;
  decisions: Record<Side, string>;
  confirmed: boolean;
}

export function checkWitness(pair: PolicyPair, witness: DiffWitness): WitnessCheck {
  const iam: IamVariant = pair.kind === 'identity' ? 'compared' : witness.callerIamPolicies === 'allow' ? 'allow-all' : 'none';
  const identity = identityBehind(witness.principal);
  const spec = { identities: identity ? [identity] : [], keys: [witness.key], iam };
  const worlds = { old: pairWorld(pair, 'old', spec), new: pairWorld(pair, 'new', spec) };
  const request: UniverseRequest = { principal: witness.principal, action: witness.action, key: witness.key, context: examplePairs(witness.context), iam };
  const answer = (side: Side) => referenceDecision(worlds[side], request);
  const decisions = { old: answer('old').decision, new: answer('new').decision };
  const other: Side = witness.allowedBy === 'new' ? 'old' : 'new';
  return { request, worlds, decisions, confirmed: decisions[witness.allowedBy] === 'ALLOW' && decisions[other] === 'DENY' };
}
