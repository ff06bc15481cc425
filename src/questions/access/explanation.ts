/** How an allowed access reads for a person: through what (key policy, IAM policy, grant) and under which conditions. */
import type { MatchedStatement } from '../../answer.js';
import type { SourceLocation } from '../../errors.js';
import type { KmsOperation } from '../../kms/operations.js';
import { describeClause } from '../../reference/conditions.js';
import type { Key, World } from '../../world/model.js';
import { statementIndex } from './statement-index.js';

/** Grant constraints do not apply to these operations (kms/create-grant-overview.md#grant-constraints). */
const IGNORE_GRANT_CONSTRAINTS = new Set(['kms:DescribeKey', 'kms:RetireGrant']);

/** The conditions of the statements and grants that allow the access, as sentences. */
export function conditionsOf(world: World, matched: readonly MatchedStatement[], key: Key, operation?: KmsOperation): string[] {
  const index = statementIndex(world);
  const conditions = new Set<string>();
  for (const m of matched) {
    if (m.source === 'grant') {
      if (operation && IGNORE_GRANT_CONSTRAINTS.has(operation.action)) continue;
      const grant = key.grants.find((g) => g.grantId === m.policy);
      for (const [k, val] of Object.entries(grant?.constraints?.encryptionContextSubset ?? {})) conditions.add(`encryption context ${k} = ${val}`);
      for (const [k, val] of Object.entries(grant?.constraints?.encryptionContextEquals ?? {})) conditions.add(`encryption context ${k} = ${val} (and no other pair)`);
      continue;
    }
    const stmt = m.location ? index.get(m.location) : undefined;
    for (const clause of stmt?.conditions ?? []) conditions.add(describeClause(clause));
  }
  return [...conditions];
}

export type Via = 'key-policy' | 'iam-policy' | 'grant';

/** The kinds of policy that allow the access (SCPs, RCPs and boundaries only restrict). */
export const viaOf = (matched: readonly MatchedStatement[]): Via[] =>
  [...new Set(matched.map((m) => m.source).filter((s): s is Via => s === 'key-policy' || s === 'iam-policy' || s === 'grant'))];

/** Where a matched statement or grant is written in the input. */
export function locationOf(world: World, key: Key, m: MatchedStatement): SourceLocation | undefined {
  if (m.source === 'grant') return key.grants.find((g) => g.grantId === m.policy)?.location;
  return m.location ? statementIndex(world).get(m.location)?.location : undefined;
}
