/**
 * A principal outside the world, made concrete from a solver's model so that the reference evaluator can check
 * the witness: a user or role of an account the world does not describe, whose own IAM policies allow
 * everything (the class assumption: "any principal of an external account whose own IAM policies allow it").
 */
import { DEFAULT_SESSION_NAME, identityOf, rootArn, sessionOf, type Caller } from '../../request/caller.js';
import { parseArn } from '../../policy/arn.js';
import type { NamedPolicy } from '../../policy/model.js';
import type { PolicyHolder, Role, User, World } from '../../world/model.js';

const ASSUMED = { file: '(assumed: the principal\'s own IAM policies)', pointer: '' };

/** The name of the Allow-everything policy an outsider is assumed to hold: an assumption, not a source of access. */
export const OUTSIDER_POLICY_NAME = 'its-own-iam-policies';

const ALLOW_ALL: NamedPolicy = {
  name: OUTSIDER_POLICY_NAME,
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

/**
 * The principal an ARN names when its account is not described by the world (an external account, or an
 * organization account the world leaves out): a user, role or role session whose own IAM policies are assumed to
 * allow everything, the assumption under which who-can and audit report its class and print it as an example.
 * Undefined for any other text (an identity of the world, a root, a service principal, or not an ARN).
 */
export function outsiderNamed(world: World, arn: string): Caller | undefined {
  const parsed = parseArn(arn);
  if (!parsed || world.accounts.has(parsed.account)) return undefined;
  const account = parsed.account;
  if (parsed.service === 'iam' && parsed.resource.startsWith('user/')) return outsiderCaller({ kind: 'user', principal: arn, account, role: '' });
  if (parsed.service === 'iam' && parsed.resource.startsWith('role/')) {
    const role = arn;
    return outsiderCaller({ kind: 'role-session', principal: `${role}/${DEFAULT_SESSION_NAME}`, account, role });
  }
  const session = /^assumed-role\/([^/]+)\/([^/]+)$/.exec(parsed.resource);
  if (parsed.service === 'sts' && session) {
    const role = `arn:${parsed.partition}:iam::${account}:role/${session[1]}`;
    return outsiderCaller({ kind: 'role-session', principal: arn, account, role });
  }
  return undefined;
}

/** What a check of an outsider assumes, said in the answer. */
export function outsiderAssumption(caller: Caller): string {
  const account = caller.kind === 'service' ? '' : caller.accountId;
  return `account ${account} is not described by the world, so the IAM policies of ${identityOf(caller)} are unknown: `
    + 'assumed to allow everything (as for the class "any principal of the account whose own IAM policies allow it")';
}
