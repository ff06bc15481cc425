/**
 * The identity that makes a request (iam/reference_policies_elements_principal.md; iam/reference_identifiers.md).
 * `--principal` accepts a user ARN, a role ARN (meaning a session of that role), an assumed-role session ARN,
 * an account root ARN, or a service principal name (../shared/spec/interface.md section 1).
 */
import { InputError } from '../errors.js';
import { isAccountId, parseArn } from '../policy/arn.js';
import type { Role, User, World } from '../world/model.js';

/** The session name keyproof gives a role session when only the role ARN was named. */
export const DEFAULT_SESSION_NAME = 'keyproof';

export type Caller =
  | { kind: 'user'; arn: string; accountId: string; user: User }
  | { kind: 'role-session'; arn: string; roleArn: string; sessionName: string; accountId: string; role: Role }
  | { kind: 'root'; arn: string; accountId: string }
  | { kind: 'service'; arn: string; service: string };

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** The role session ARN for a role: `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` (the role path is dropped). */
export function sessionArnFor(role: Role, sessionName: string = DEFAULT_SESSION_NAME): string {
  return `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`;
}

export function sessionOf(role: Role, sessionName: string = DEFAULT_SESSION_NAME): Caller {
  return {
    kind: 'role-session', arn: sessionArnFor(role, sessionName), roleArn: role.arn, sessionName,
    accountId: role.accountId, role,
  };
}

/**
 * AWS-owned roles, such as `aws:ec2-infrastructure`, are used by AWS services inside an account and never appear in
 * its IAM listing; kms/determining-access-grants.md shows a session of one as a grantee ("The EC2 infrastructure uses
 * this role to attach the encrypted EBS volume"). Their names hold a colon, which IAM role names cannot
 * (iam/reference_identifiers.md), so they cannot be mistaken for a missing role of the world.
 */
export function isAwsOwnedRoleName(name: string): boolean {
  return name.startsWith('aws:');
}

/**
 * The role of an AWS-owned role session: no IAM policy keyproof can see (a grant or a key policy statement naming
 * it lets it in), and, like a service-linked role, outside what SCPs and RCPs restrict: AWS acts through it.
 */
export function awsOwnedRole(world: World, accountId: string, name: string): Role {
  return {
    kind: 'role', arn: `arn:aws:iam::${accountId}:role/${name}`, name, accountId, inlinePolicies: [], managedPolicyArns: [],
    tags: {}, serviceLinked: true, location: { file: world.file, pointer: '' },
  };
}

function findRoleByName(world: World, accountId: string, name: string): Role | undefined {
  const account = world.accounts.get(accountId);
  if (!account) return undefined;
  for (const role of account.roles.values()) if (role.name === name) return role;
  return undefined;
}

/**
 * Resolves `--principal` against the world. Users and roles must be in an account the world describes, since
 * their IAM policies decide; an account root or a service principal can be decided without them.
 */
export function resolveCaller(world: World, text: string, where = '--principal'): Caller {
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text)) return { kind: 'service', arn: text, service: text };
  if (isAccountId(text)) return { kind: 'root', arn: rootArn(text), accountId: text };
  const arn = parseArn(text);
  if (!arn) {
    throw new InputError(undefined,
      `${where}: expected an IAM user, role, assumed-role session or account root ARN, or a service principal such as s3.amazonaws.com; got '${text}'`);
  }
  if (arn.service === 'iam' && arn.resource === 'root') return { kind: 'root', arn: rootArn(arn.account), accountId: arn.account };
  const account = world.accounts.get(arn.account);
  const describe = () =>
    `${where}: account ${arn.account} is not described by the world ${world.file}, so the IAM policies of '${text}' are unknown; add the account under 'accounts'`;
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    if (!account) throw new InputError(undefined, describe());
    const user = account.users.get(text);
    if (!user) throw new InputError(undefined, `${where}: no user '${text}' in account ${arn.account} of the world ${world.file}`);
    return { kind: 'user', arn: user.arn, accountId: user.accountId, user };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    if (!account) throw new InputError(undefined, describe());
    const role = account.roles.get(text);
    if (!role) throw new InputError(undefined, `${where}: no role '${text}' in account ${arn.account} of the world ${world.file}`);
    return sessionOf(role);
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const [, roleName, sessionName] = arn.resource.split('/');
    if (!roleName || !sessionName) {
      throw new InputError(undefined, `${where}: expected arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION; got '${text}'`);
    }
    if (isAwsOwnedRoleName(roleName)) return sessionOf(awsOwnedRole(world, arn.account, roleName), sessionName);
    if (!account) throw new InputError(undefined, describe());
    const role = findRoleByName(world, arn.account, roleName);
    if (!role) throw new InputError(undefined, `${where}: no role named '${roleName}' in account ${arn.account} of the world ${world.file}`);
    return sessionOf(role, sessionName);
  }
  throw new InputError(undefined,
    `${where}: '${text}' is not a principal keyproof can evaluate (expected a user, role, assumed-role session, account root or service principal)`);
}

/** The account a caller belongs to; service principals belong to none. */
/** How an identity of the world is named in answers: a role session by its role. */
/** The IAM user or role behind a caller (a role session's role); none for the root user and services. */
export const entityOf = (caller: Caller): User | Role | undefined =>
  caller.kind === 'user' ? caller.user : caller.kind === 'role-session' ? caller.role : undefined;

export const identityOf = (caller: Caller) => (caller.kind === 'role-session' ? caller.roleArn : caller.arn);

export function callerAccount(caller: Caller): string | undefined {
  return caller.kind === 'service' ? undefined : caller.accountId;
}

/** Every identity of the world that can make a request: each account's root user, its users, a session of each role. */
export function callersOfWorld(world: World): Caller[] {
  const callers: Caller[] = [];
  for (const account of world.accounts.values()) {
    callers.push({ kind: 'root', arn: rootArn(account.id), accountId: account.id });
    for (const user of account.users.values()) callers.push({ kind: 'user', arn: user.arn, accountId: user.accountId, user });
    for (const role of account.roles.values()) callers.push(sessionOf(role));
  }
  return callers;
}
