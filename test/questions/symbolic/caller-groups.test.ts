/** Caller groups: callers that a question's policies cannot tell apart share one Z3 question, and no others do. */
import { describe, expect, test } from 'vitest';
import { groupCallers, kmsQuestionStrings } from '../../../src/questions/symbolic/caller-groups.js';
import { callersOfWorld, identityOf } from '../../../src/request/caller.js';
import { parseWorld } from '../../../src/world/load.js';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const user = (name: string, tags: Record<string, string> = {}) =>
  ({ arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, managedPolicies: [`arn:aws:iam::${ACCOUNT}:policy/Use`], tags });

function worldWith(keyStatements: unknown[], users = [user('ann'), user('bea'), user('cid'), user('dev-1'), user('dev-2')]) {
  return parseWorld(JSON.stringify({
    accounts: [{
      id: ACCOUNT, users,
      managedPolicies: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/Use`, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } }],
    }],
    keys: [{ arn: KEY, policy: { Version: '2012-10-17', Statement: keyStatements } }],
  }), 'groups.json');
}

function groupsOf(world: ReturnType<typeof worldWith>): string[][] {
  const callers = callersOfWorld(world).filter((c) => c.kind === 'user');
  return groupCallers(world, callers, kmsQuestionStrings(world, world.keys.get(KEY)!)).map((g) => g.map((c) => identityOf(c).split('/')[1]!));
}

const root = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

describe('caller groups', () => {
  test('users with the same policies and no name in the key policy form one group', () => {
    expect(groupsOf(worldWith([root]))).toEqual([['ann', 'bea', 'cid', 'dev-1', 'dev-2']]);
  });

  test('a user the key policy names is on its own', () => {
    const named = { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bea` }, Action: 'kms:Decrypt', Resource: '*' };
    expect(groupsOf(worldWith([root, named]))).toEqual([['ann', 'cid', 'dev-1', 'dev-2'], ['bea']]);
  });

  test('a name pattern in a condition splits the users it matches from the others', () => {
    const pattern = { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/dev-*` } } };
    expect(groupsOf(worldWith([root, pattern]))).toEqual([['ann', 'bea', 'cid'], ['dev-1', 'dev-2']]);
  });

  test('a policy variable for the name makes every user its own group', () => {
    const variable = { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'kms:EncryptionContext:owner': '${aws:username}' } } };
    expect(groupsOf(worldWith([root, variable]))).toHaveLength(5);
  });

  test('a service-linked role is never grouped with an ordinary role with the same policies (SCPs spare it)', () => {
    const world = parseWorld(JSON.stringify({
      accounts: [{ id: ACCOUNT, roles: ['aws-service-role/svc.amazonaws.com/AWSServiceRoleForSvc', 'Plain'].map((name) => ({
        arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, trustPolicy: { Version: '2012-10-17', Statement: [] },
      })) }],
      keys: [{ arn: KEY, policy: { Version: '2012-10-17', Statement: [root] } }],
    }), 'roles.json');
    const roles = callersOfWorld(world).filter((c) => c.kind === 'role-session');
    expect(roles.map((c) => c.kind === 'role-session' && c.role.serviceLinked)).toEqual([true, false]);
    expect(groupCallers(world, roles, kmsQuestionStrings(world, world.keys.get(KEY)!))).toHaveLength(2);
  });

  test('tags split users only when a policy reads that tag', () => {
    const users = [user('ann', { team: 'a', cost: '1' }), user('bea', { team: 'a', cost: '2' }), user('cid', { team: 'b', cost: '1' })];
    expect(groupsOf(worldWith([root], users))).toEqual([['ann', 'bea', 'cid']]);
    const byTeam = { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'b' } } };
    expect(groupsOf(worldWith([root, byTeam], users))).toEqual([['ann', 'bea'], ['cid']]);
  });
});
