/**
 * The skeleton of a generated organisation: accounts, the names and ARNs of their users, roles, groups and keys.
 * Documents (policies, grants, metadata) are drawn later from the skeleton, so that any document can name any
 * identity or key of the organisation without holding every document in memory at once.
 */
import { Random } from './prng.js';
import type { GeneratedSize } from './sizes.js';

export type AccountKind = 'management' | 'security' | 'shared-services' | 'workload' | 'sandbox';

export type RoleKind =
  | 'key-admin' // administers the account's keys
  | 'org-access' // OrganizationAccountAccessRole: the management account's way in
  | 'service-linked'
  | 'deployer' // CI/CD in the shared-services account; assumes Ci-* roles in workload accounts
  | 'ci' // assumed by a deployer, across accounts
  | 'app' // assumed by an AWS service (Lambda, ECS, EC2)
  | 'dev' // assumed by users of the same account
  | 'partner-access'; // assumed by a partner account outside the organization

export interface UserPlan {
  name: string;
  path: string;
  arn: string;
  team: string;
}

export interface RolePlan {
  name: string;
  path: string;
  arn: string;
  kind: RoleKind;
  team: string;
}

export type KeySpecPlan = 'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'RSA_3072' | 'ECC_NIST_P256' | 'HMAC_256';

export const KEY_STATES = [
  'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable', 'Creating', 'Updating', 'PendingReplicaDeletion',
] as const;
export type KeyStatePlan = (typeof KEY_STATES)[number];

export interface KeyPlan {
  id: string;
  arn: string;
  accountId: string;
  region: string;
  state: KeyStatePlan;
  spec: KeySpecPlan;
  app: string;
  aliases: string[];
  /** Other accounts of the organization whose root the key policy lets use the key (their IAM policies decide). */
  trustedAccounts: string[];
  /** Partner accounts outside the organization that the key policy lets decrypt. */
  partners: string[];
}

export interface AccountPlan {
  id: string;
  index: number;
  kind: AccountKind;
  name: string;
  env: string;
  region: string;
  users: UserPlan[];
  roles: RolePlan[];
  groups: string[];
  keys: KeyPlan[];
}

export interface OrganisationPlan {
  orgId: string;
  accounts: AccountPlan[];
  management: AccountPlan;
  security: AccountPlan;
  sharedServices: AccountPlan;
  /** Partner accounts outside the organization: named by policies, never described. */
  externalAccounts: string[];
}

export const TEAMS = ['payments', 'search', 'platform', 'data', 'identity', 'mobile'];
export const APPS = ['billing', 'checkout', 'ledger', 'catalog', 'reports', 'profiles', 'events', 'media'];
export const GROUP_NAMES = ['developers', 'operators', 'data-analysts', 'readonly', 'admins'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const ENVS = ['dev', 'staging', 'prod'];
const FIRST = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kemal', 'lena', 'mo', 'nia', 'omar', 'pia'];
const LAST = ['ng', 'silva', 'okafor', 'berg', 'kim', 'rossi', 'haddad', 'novak', 'diaz', 'tanaka', 'meyer', 'singh'];

export function iamArn(accountId: string, type: 'user' | 'role' | 'group' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

function accountKind(index: number): AccountKind {
  if (index === 0) return 'management';
  if (index === 1) return 'security';
  if (index === 2) return 'shared-services';
  return index % 10 === 9 ? 'sandbox' : 'workload';
}

/** Distinct 12-digit account ids (never starting with 0, so that they read as the real ones do). */
function accountIds(random: Random, count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(String(random.int(1, 9)) + random.chars('0123456789', 11));
  return [...ids];
}

/** `total` split over `parts` as evenly as possible, the remainder going to the first parts. */
export function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

const ROLE_MIX: Record<AccountKind, ReadonlyArray<readonly [RoleKind, number]>> = {
  management: [['dev', 1]],
  security: [['dev', 1], ['app', 1]],
  'shared-services': [['deployer', 5], ['app', 3], ['dev', 2]],
  workload: [['app', 45], ['ci', 25], ['dev', 25], ['partner-access', 5]],
  sandbox: [['dev', 6], ['app', 4]],
};

const ROLE_PREFIX: Record<RoleKind, string> = {
  'key-admin': 'KeyAdmin', 'org-access': 'OrganizationAccountAccessRole', 'service-linked': 'AWSServiceRoleForAutoScaling',
  deployer: 'Deployer', ci: 'Ci', app: 'App', dev: 'Dev', 'partner-access': 'PartnerAccess',
};

function planRoles(random: Random, account: { id: string; kind: AccountKind }, count: number): RolePlan[] {
  const fixed: RoleKind[] = ['key-admin', 'service-linked'];
  if (account.kind !== 'management') fixed.push('org-access');
  if (account.kind === 'shared-services') fixed.push('deployer');
  const kinds = [...fixed];
  while (kinds.length < count) kinds.push(random.weighted(ROLE_MIX[account.kind]));
  return kinds.slice(0, Math.max(count, fixed.length)).map((kind, i) => {
    const team = random.pick(TEAMS);
    const unique = fixed.includes(kind) && i < fixed.length;
    const name = unique ? ROLE_PREFIX[kind] : `${ROLE_PREFIX[kind]}-${team}-${i}`;
    const path = kind === 'service-linked' ? '/aws-service-role/autoscaling.amazonaws.com/' : kind === 'app' ? '/service-role/' : '/';
    return { name, path, arn: iamArn(account.id, 'role', path, name), kind, team };
  });
}

function planUsers(random: Random, accountId: string, count: number): UserPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${random.pick(FIRST)}.${random.pick(LAST)}${i}`;
    const path = random.weighted([['/', 7], ['/engineering/', 2], ['/contractors/', 1]] as const);
    return { name, path, arn: iamArn(accountId, 'user', path, name), team: random.pick(TEAMS) };
  });
}

const SPECS: ReadonlyArray<readonly [KeySpecPlan, number]> = [
  ['SYMMETRIC_DEFAULT', 85], ['RSA_2048', 5], ['ECC_NIST_P256', 3], ['HMAC_256', 4], ['RSA_3072', 3],
];
const STATES: ReadonlyArray<readonly [KeyStatePlan, number]> = [
  ['Enabled', 80], ['Disabled', 6], ['PendingDeletion', 5], ['PendingImport', 3], ['Unavailable', 2],
  ['Creating', 1], ['Updating', 1], ['PendingReplicaDeletion', 2],
];

/** Keys: 30% in the security account, the rest spread over the accounts that run workloads. */
function planKeys(random: Random, accounts: AccountPlan[], external: string[], total: number): void {
  const security = accounts.find((a) => a.kind === 'security')!;
  const holders = accounts.filter((a) => a.kind !== 'management' && a.kind !== 'security');
  const central = Math.max(1, Math.round(total * 0.3));
  const owners = [...Array<AccountPlan>(central).fill(security)];
  while (owners.length < total) owners.push(holders.length > 0 ? random.pick(holders) : security);
  owners.forEach((account, i) => {
    const id = random.uuid();
    const app = random.pick(APPS);
    // The first keys take every state once, so that even size M has a key in each state.
    const state = i < STATES.length ? STATES[i]![0] : random.weighted(STATES);
    const aliasCount = random.weighted([[0, 1], [1, 7], [2, 2]] as const);
    const aliases = Array.from({ length: aliasCount }, (_, n) => `alias/${app}-${account.env}-${i}${n === 0 ? '' : '-old'}`);
    // The central key account serves several workload accounts; a workload key is now and then shared with one.
    const others = accounts.filter((a) => a !== account && a.kind !== 'management').map((a) => a.id);
    const trustCount = account.kind === 'security' ? random.int(1, 3) : random.chance(0.25) ? 1 : 0;
    const trustedAccounts = random.sample(others, trustCount);
    const partners = external.length > 0 && random.chance(0.1) ? [random.pick(external)] : [];
    account.keys.push({
      id, arn: `arn:aws:kms:${account.region}:${account.id}:key/${id}`, accountId: account.id, region: account.region,
      state, spec: random.weighted(SPECS), app, aliases, trustedAccounts, partners,
    });
  });
}

export function planOrganisation(random: Random, size: GeneratedSize): OrganisationPlan {
  const ids = accountIds(random, size.accounts + size.externalAccounts);
  const perAccount = spread(size.principals, size.accounts);
  const accounts: AccountPlan[] = ids.slice(0, size.accounts).map((id, index) => {
    const kind = accountKind(index);
    const env = kind === 'workload' ? random.pick(ENVS) : kind === 'sandbox' ? 'sandbox' : 'shared';
    const roleCount = Math.round(perAccount[index]! * 0.4);
    const plan: AccountPlan = {
      id, index, kind, env, name: kind === 'workload' ? `app-${String(index).padStart(3, '0')}-${env}` : `${kind}-${index}`,
      region: random.pick(REGIONS), users: [], roles: [], groups: [...GROUP_NAMES], keys: [],
    };
    plan.roles = planRoles(random, plan, roleCount);
    plan.users = planUsers(random, id, Math.max(0, perAccount[index]! - plan.roles.length));
    return plan;
  });
  planKeys(random, accounts, ids.slice(size.accounts), size.keys);
  return {
    orgId: `o-${random.chars('abcdefghijklmnopqrstuvwxyz0123456789', 10)}`,
    accounts,
    management: accounts[0]!,
    security: accounts[1]!,
    sharedServices: accounts[2]!,
    externalAccounts: ids.slice(size.accounts),
  };
}
