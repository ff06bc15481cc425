/**
 * The KMS operations a diff asks about, in classes that neither policy nor the KMS rules can tell apart: the same
 * outcome for every Action and NotAction pattern of both policies, and the same documented properties (cross-account,
 * key state, resource kind, key-policy effectiveness). One request with any operation of a class gets the same
 * answers, so the solver is asked once per class with a constant action. A symbolic action (a choice among ~45
 * strings matched against case-insensitive patterns) made Z3's string solver take seconds per query; a constant
 * action folds every action test away before the solver sees it.
 */
import { stateBlocksOperation } from '../kms/key-states.js';
import type { KmsOperation } from '../kms/operations.js';
import type { NamedPolicy } from '../policy/model.js';
import { matchesWildcard } from '../policy/wildcard.js';
import type { KeyState } from '../world/model.js';

export function operationClasses(policies: readonly NamedPolicy[], operations: readonly KmsOperation[], state: KeyState): KmsOperation[][] {
  const patterns = [...new Set(policies.flatMap((p) => p.document.statements.flatMap((s) => [...(s.action ?? []), ...(s.notAction ?? [])])))];
  const classes = new Map<string, KmsOperation[]>();
  for (const op of operations) {
    const signature = JSON.stringify([
      patterns.map((p) => matchesWildcard(p, op.action, { ignoreCase: true })),
      op.crossAccount, op.resource, op.effectiveInKeyPolicy, op.grantOperation, stateBlocksOperation(state, op.name).blocked,
    ]);
    classes.set(signature, [...(classes.get(signature) ?? []), op]);
  }
  return [...classes.values()];
}
