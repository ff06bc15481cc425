/** `diff`: compares two key policies or two identity policies (../shared/spec/interface.md, `diff`). */
import { limitsOf } from '../engine/limits.js';
import { loadDiffPolicies, type DiffPolicies, type DiffPolicyKind } from '../questions/diff/input.js';
import { diffPolicies, type DiffResult } from '../questions/diff/diff.js';

export type { DiffDecision, DiffResult, DiffVerdict, DiffWitness } from '../questions/diff/diff.js';
export type { DiffPolicies, DiffPolicyKind } from '../questions/diff/input.js';
import { openSession } from '../smt/solver.js';

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

export async function diff(input: DiffInput): Promise<DiffResult> {
  return diffLoaded(loadDiffPolicies(input.old, input.new, input.kind), input);
}

/** The same comparison for policies already read. */
export async function diffLoaded(policies: DiffPolicies, input: Omit<DiffInput, 'old' | 'new' | 'kind'> = {}): Promise<DiffResult> {
  const session = await openSession();
  try {
    return await diffPolicies(session, policies, {
      limits: limitsOf(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
      ...(input.keyAccount !== undefined ? { account: input.keyAccount } : {}),
      ...(input.maxWitnesses !== undefined ? { maxWitnesses: input.maxWitnesses } : {}),
    });
  } finally {
    await session.close();
  }
}
