/**
 * A principal outside the world, made concrete from a solver's model so that the reference evaluator can check
 * the witness: a user or role of an account the world does not describe, whose own IAM policies allow
 * everything (the class assumption: "any principal of an external account whose own IAM policies allow it").
 */
import { rootArn, sessionOf, type Caller } from '../../request/caller.js';
import type { NamedPolicy } from '../../policy/model.js';
import type { PolicyHolder, Role, User, World } from '../../world/model.js';

const ASSUMED = { file: '(assumed: the principal\'s own IAM policies)', pointer: '' };

const ALLOW_ALL: NamedPolicy = {
  name: 'its-own-iam-policies',
  document: { version: '2012-10-17', location: ASSUMED, statements: [{ index: 0, effect: 'Allow', action: ['*'], resource: ['*'], conditions: [], location: ASSUMED }] },
};

export interface OutsiderFields {
  kind: string;
  principal: string;
  account: string;
  role: string;
}

function holder(arn: string, account: string): Omit<PolicyHolder, 'name'> {
  return { arn, accountId: account, inlinePolicies: [ALLOW_ALL], managedPolicyArns: [], location: ASSUMED };
}

const lastPart = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

export function outsiderCaller(f: OutsiderFields): Caller {
  if (f.kind === 'user') {
    const user: User = { ...holder(f.principal, f.account), kind: 'user', name: lastPart(f.principal), groupArns: [], tags: {} };
    return { kind: 'user', arn: f.principal, accountId: f.account, user };
  }
  if (f.kind === 'role-session') {
    const role: Role = { ...holder(f.role, f.account), kind: 'role', name: lastPart(f.role), tags: {}, serviceLinked: false };
    return sessionOf(role, lastPart(f.principal));
  }
  return { kind: 'root', arn: rootArn(f.account), accountId: f.account };
}

/** The world plus the outsider's account, holding just the outsider. */
export function worldWithOutsider(world: World, caller: Caller): World {
  if (caller.kind !== 'user' && caller.kind !== 'role-session') return world;
  const users = new Map<string, User>(caller.kind === 'user' ? [[caller.arn, caller.user]] : []);
  const roles = new Map<string, Role>(caller.kind === 'role-session' ? [[caller.roleArn, caller.role]] : []);
  const accounts = new Map(world.accounts);
  accounts.set(caller.accountId, { id: caller.accountId, users, roles, groups: new Map(), managedPolicies: new Map(), location: ASSUMED });
  return { ...world, accounts };
}
