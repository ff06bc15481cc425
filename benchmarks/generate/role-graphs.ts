/**
 * Role graphs at scale (issues 12.5 and 14.5), as native worlds (objects for parseWorld):
 * - a chain: a user may assume r0, each role r(i) trusts r(i-1) by ARN, and only the last role is named in the
 *   key policy, so `check --transitive` by the user must walk every step;
 * - a complete graph: every role trusts the account (its root) and may assume any role, so every role reaches
 *   every other; the key names nobody but the account's root user, so the transitive check is a DENY that must
 *   rule out every role reached.
 * Half the chain's steps carry a condition on the session (sts:ExternalId) that the check supplies, so that the
 * memoized steps are the conditional ones.
 */
const V = '2012-10-17';
const ACCOUNT = '123456789012';
export const ROLE_GRAPH_EXTERNAL_ID = 'chain-secret';
export const ROLE_GRAPH_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/00000000-0000-0000-0000-00000000c4a1`;
export const ROLE_GRAPH_USER = `arn:aws:iam::${ACCOUNT}:user/start`;

const roleArn = (i: number) => `arn:aws:iam::${ACCOUNT}:role/r${String(i).padStart(5, '0')}`;
const assumeAnything = { name: 'AssumeAny', document: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } };

export type RoleGraphShape = 'chain' | 'complete';

function trustOf(shape: RoleGraphShape, i: number): unknown {
  if (shape === 'complete') {
    return { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
  }
  const statement: Record<string, unknown> = { Effect: 'Allow', Principal: { AWS: i === 0 ? ROLE_GRAPH_USER : roleArn(i - 1) }, Action: 'sts:AssumeRole' };
  if (i % 2 === 1) statement['Condition'] = { StringEquals: { 'sts:ExternalId': ROLE_GRAPH_EXTERNAL_ID } };
  return { Version: V, Statement: [statement] };
}

/** The world: one account, one user, `roles` roles of the shape, one key. */
export function roleGraphWorld(shape: RoleGraphShape, roles: number): Record<string, unknown> {
  const keyStatements: unknown[] = [
    { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
  ];
  if (shape === 'chain') keyStatements.push({ Sid: 'Last', Effect: 'Allow', Principal: { AWS: roleArn(roles - 1) }, Action: 'kms:Decrypt', Resource: '*' });
  return {
    accounts: [{
      id: ACCOUNT,
      users: [{ arn: ROLE_GRAPH_USER, policies: [assumeAnything] }],
      roles: Array.from({ length: roles }, (_, i) => ({ arn: roleArn(i), trustPolicy: trustOf(shape, i), policies: [assumeAnything] })),
    }],
    keys: [{ arn: ROLE_GRAPH_KEY, policy: { Version: V, Statement: keyStatements } }],
  };
}

/** The last role of a chain (the one the key names). */
export const lastRoleOf = (roles: number) => roleArn(roles - 1);
