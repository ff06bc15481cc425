/** `diff`: compares two key policies or two identity policies (../shared/spec/interface.md, `diff`). */
import { limitsOf } from '../engine/limits.js';
import { loadDiffPolicies, type DiffPolicies, type DiffPolicyKind } from '../questions/diff/input.js';
import { diffPolicies, type DiffResult } from '../questions/diff/diff.js';

export type { DiffDecision, DiffResult, DiffVerdict, DiffWitness } from '../questions/diff/diff.js';
export type { DiffPolicies, DiffPolicyKind } from '../questions/diff/input.js';
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
