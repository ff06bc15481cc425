/** `diff`: compares two key policies or two identity policies (../shared/spec/interface.md, `diff`). */
import { limitsOf } from '../engine/limits.js';
import { loadDiffPolicies, type DiffPolicies, type DiffPolicyKind } from '../questions/diff/input.js';
import { diffPolicies, type DiffResult } from '../questions/diff/diff.js';

export type { DiffDecision, DiffResult, DiffVerdict, DiffWitness } from '../questions/diff/diff.js';
export type { DiffPolicies, DiffPolicyKind } from '../questions/diff/input.js';
import { diffInWorld as diffPolicyInWorld, type PolicyPlace } from '../questions/diff/world-diff.js';
import type { ChangeResult } from '../questions/change/change-result.js';
import { loadWorld } from '../world/load.js';
import type { World } from '../world/model.js';
import { InputError } from '../errors.js';
import { isAccountId } from '../policy/arn.js';
import { z3Engine } from './engine-instance.js';
import { argumentsObject, optionalChoice, optionalPositiveInteger, optionalString, stringArgument } from './arguments.js';

const isPolicies = (value: unknown): value is DiffPolicies =>
  typeof value === 'object' && value !== null && 'old' in value && 'new' in value && 'kind' in value;

export interface DiffInput {
  /** The files of the old and the new policy. */
  old: string;
  new: string;
  /** Force the kind; by default a policy whose statements name principals is a key policy. */
  kind?: DiffPolicyKind;
  /** The account that owns the key; by default taken from the policies. */
  keyAccount?: string;
  /** Witnesses to look for each way (default 3). */
  maxWitnesses?: number;
  /** Time limit per solver query in milliseconds (default 10 s). */
  timeoutMs?: number;
}

const KINDS: readonly DiffPolicyKind[] = ['key', 'identity'];

export async function diff(input: DiffInput): Promise<DiffResult> {
  const args = argumentsObject(input, 'diff(input)');
  const kind = optionalChoice(args['kind'], KINDS, 'diff: kind');
  const policies = loadDiffPolicies(stringArgument(args['old'], 'diff: old'), stringArgument(args['new'], 'diff: new'), kind);
  return diffLoaded(policies, input);
}

/** The same comparison for policies already read. */
export async function diffLoaded(policies: DiffPolicies, input: Omit<DiffInput, 'old' | 'new' | 'kind'> = {}): Promise<DiffResult> {
  if (!isPolicies(policies)) throw new InputError(undefined, 'diffLoaded(policies): expected { kind, old, new }, two policies as loadDiffPolicies reads them');
  const args = argumentsObject(input, 'diffLoaded(input)');
  optionalPositiveInteger(args['timeoutMs'], 'diff: timeoutMs');
  optionalPositiveInteger(args['maxWitnesses'], 'diff: maxWitnesses');
  const keyAccount = optionalString(args['keyAccount'], 'diff: keyAccount');
  if (keyAccount !== undefined && !isAccountId(keyAccount)) throw new InputError(undefined, `diff: keyAccount: expected a 12-digit account id; got '${keyAccount}'`);
  // The process's engine, as for every other question: call closeEngines() when done (README, library use).
  const engine = await z3Engine();
  return diffPolicies(engine.runtime, policies, {
    limits: limitsOf({ timeoutMs: input.timeoutMs }),
    ...(input.keyAccount !== undefined ? { account: input.keyAccount } : {}),
    ...(input.maxWitnesses !== undefined ? { maxWitnesses: input.maxWitnesses } : {}),
  });
}

export interface DiffInWorldInput extends PolicyPlace {
  old: string;
  new: string;
  kind?: DiffPolicyKind;
  /** The world file (or a world already loaded) the new policy is applied in. */
  world: string | World;
  timeoutMs?: number;
}

/**
 * `diff OLD NEW --world W`: the new policy applied where it lives in the world (`key`; or `principal` and
 * `policyName`, or `policyArn`), and the effective access difference, as `change` reports it.
 */
export async function diffInWorld(input: DiffInWorldInput): Promise<ChangeResult> {
  const args = argumentsObject(input, 'diffInWorld(input)');
  const kind = optionalChoice(args['kind'], KINDS, 'diff: kind');
  optionalPositiveInteger(args['timeoutMs'], 'diff: timeoutMs');
  const policies = loadDiffPolicies(stringArgument(args['old'], 'diff: old'), stringArgument(args['new'], 'diff: new'), kind);
  const world = typeof input.world === 'string' ? loadWorld(input.world) : input.world;
  const place: PolicyPlace = {
    ...(input.key !== undefined ? { key: input.key } : {}), ...(input.principal !== undefined ? { principal: input.principal } : {}),
    ...(input.policyName !== undefined ? { policyName: input.policyName } : {}), ...(input.policyArn !== undefined ? { policyArn: input.policyArn } : {}),
  };
  const engine = await z3Engine();
  return diffPolicyInWorld(engine.runtime, world, policies, place, { limits: limitsOf({ timeoutMs: input.timeoutMs }) });
}
