/**
 * One account's `aws iam get-account-authorization-details` output: users, groups, roles and customer managed
 * policies, in the shape the AWS CLI prints (policy documents as JSON objects, tags as [{Key, Value}]).
 */
import type { PolicyJson } from './documents.js';
import {
  accountManagedPolicies, assumeRole, AWS_MANAGED, contextBoundKeyUse, keyUse, KMS_USE, managedPolicyArn, type ManagedPolicyPlan,
} from './identity-policies.js';
import type { Random } from './prng.js';
import { iamArn, type AccountPlan, type KeyPlan, type OrganisationPlan, type RolePlan, type UserPlan } from './skeleton.js';
import { trustPolicy } from './trust-policies.js';

interface Attached {
  PolicyName: string;
  PolicyArn: string;
}

const attach = (arn: string): Attached => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn });
const inline = (name: string, document: PolicyJson) => ({ PolicyName: name, PolicyDocument: document });
const boundary = (arn: string) => ({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn });
const tags = (values: Record<string, string>) => Object.entries(values).map(([Key, Value]) => ({ Key, Value }));

function uniqueId(random: Random, prefix: string): string {
  return prefix + random.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17);
}

/** A creation date between 2016 and 2024, as IAM prints it. */
export function createDate(random: Random): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${random.int(2016, 2024)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}Z`;
}

const GROUP_POLICIES: Record<string, string[]> = {
  developers: [KMS_USE('platform'), 'DenyKeyDeletion', 'S3ReadOnly', 'AssumeDevRoles'],
  operators: ['KmsReadOnly', 'KmsViaS3', 'AssumeDevRoles'],
  'data-analysts': [KMS_USE('data')],
  readonly: [],
  admins: ['KmsAdministration', 'AssumeKeyAdmin', 'AssumeDevRoles'],
};

function groupDetail(random: Random, account: AccountPlan, name: string, usable: KeyPlan[]) {
  const attached = GROUP_POLICIES[name]!.map((policyName) => attach(managedPolicyArn(account, policyName)));
  if (name === 'readonly') attached.push(attach(AWS_MANAGED.readOnlyAccess));
  const inlineDocument = name === 'data-analysts' ? contextBoundKeyUse(random, usable) : undefined;
  return {
    Path: '/', GroupName: name, GroupId: uniqueId(random, 'AGPA'), Arn: iamArn(account.id, 'group', '/', name),
    CreateDate: createDate(random),
    GroupPolicyList: inlineDocument ? [inline('analysts-context-bound', inlineDocument)] : [],
    AttachedManagedPolicies: attached,
  };
}

const GROUP_WEIGHTS = [['developers', 50], ['operators', 15], ['data-analysts', 15], ['readonly', 15], ['admins', 5]] as const;

function userDetail(random: Random, org: OrganisationPlan, account: AccountPlan, user: UserPlan, usable: KeyPlan[]) {
  const groups = new Set<string>([random.weighted(GROUP_WEIGHTS)]);
  if (random.chance(0.3)) groups.add(random.weighted(GROUP_WEIGHTS));
  const policies: Array<ReturnType<typeof inline>> = [];
  if (account.kind === 'management' && random.chance(0.3)) {
    policies.push(inline('administer-member-accounts', assumeRole(['arn:aws:iam::*:role/OrganizationAccountAccessRole'])));
  } else if (random.chance(0.25)) {
    const document = random.chance(0.5) ? contextBoundKeyUse(random, usable) : assumeRole([
      account.kind === 'shared-services' ? random.pick(org.sharedServices.roles.filter((r) => r.kind === 'deployer')).arn : iamArn(account.id, 'role', '/', 'Dev-*'),
    ]);
    if (document) policies.push(inline(`${user.name}-inline`, document));
  }
  return {
    Path: user.path, UserName: user.name, UserId: uniqueId(random, 'AIDA'), Arn: user.arn, CreateDate: createDate(random),
    UserPolicyList: policies,
    GroupList: [...groups],
    AttachedManagedPolicies: random.chance(0.2) ? [attach(managedPolicyArn(account, KMS_USE(user.team)))] : [],
    ...(random.chance(0.1) ? { PermissionsBoundary: boundary(managedPolicyArn(account, 'DeveloperBoundary')) } : {}),
    Tags: tags({ team: user.team, 'cost-center': `cc-${random.int(100, 999)}` }),
  };
}

/** What a role of each kind may do, besides assuming it. */
function rolePermissions(random: Random, account: AccountPlan, role: RolePlan, usable: KeyPlan[]) {
  const own = account.keys;
  const attached: string[] = [];
  const policies: Array<ReturnType<typeof inline>> = [];
  let boundaryArn: string | undefined;
  switch (role.kind) {
    case 'key-admin':
      attached.push(managedPolicyArn(account, 'KmsAdministration'));
      break;
    case 'org-access':
      attached.push(AWS_MANAGED.administratorAccess);
      break;
    case 'service-linked':
      policies.push(inline('AutoScalingKms', keyUse([])));
      break;
    case 'deployer':
      attached.push(managedPolicyArn(account, 'KmsReadOnly'));
      policies.push(inline('assume-ci-roles', assumeRole(['arn:aws:iam::*:role/Ci-*'])));
      break;
    case 'ci':
      policies.push(inline('deploy-with-keys', keyUse(random.sample(own, random.int(1, 3)))));
      if (random.chance(0.3)) boundaryArn = managedPolicyArn(account, 'DeveloperBoundary');
      break;
    case 'app': {
      const document = random.chance(0.6) ? contextBoundKeyUse(random, usable) : keyUse(random.sample(usable, 2));
      if (document) policies.push(inline(`${role.name}-kms`, document));
      if (random.chance(0.3)) attached.push(managedPolicyArn(account, 'KmsViaS3'));
      if (random.chance(0.2)) boundaryArn = managedPolicyArn(account, 'DeveloperBoundary');
      break;
    }
    case 'dev':
      attached.push(managedPolicyArn(account, KMS_USE(role.team)), managedPolicyArn(account, 'S3ReadOnly'));
      break;
    case 'partner-access':
      policies.push(inline('partner-decrypt', keyUse(random.sample(own, 1))));
      break;
  }
  return { attached, policies, boundaryArn };
}

function roleDetail(random: Random, org: OrganisationPlan, account: AccountPlan, role: RolePlan, usable: KeyPlan[]) {
  const { attached, policies, boundaryArn } = rolePermissions(random, account, role, usable);
  return {
    Path: role.path, RoleName: role.name, RoleId: uniqueId(random, 'AROA'), Arn: role.arn, CreateDate: createDate(random),
    AssumeRolePolicyDocument: trustPolicy(random, org, account, role),
    InstanceProfileList: [],
    RolePolicyList: policies,
    AttachedManagedPolicies: attached.map(attach),
    ...(boundaryArn ? { PermissionsBoundary: boundary(boundaryArn) } : {}),
    Tags: tags({ team: role.team }),
    RoleLastUsed: {},
  };
}

function policyDetail(random: Random, plan: ManagedPolicyPlan) {
  const created = createDate(random);
  const versions = [{ Document: plan.document, VersionId: plan.previous ? 'v2' : 'v1', IsDefaultVersion: true, CreateDate: created }];
  if (plan.previous) versions.push({ Document: plan.previous, VersionId: 'v1', IsDefaultVersion: false, CreateDate: created });
  return {
    PolicyName: plan.name, PolicyId: uniqueId(random, 'ANPA'), Arn: plan.arn, Path: '/',
    DefaultVersionId: versions[0]!.VersionId, AttachmentCount: 1, PermissionsBoundaryUsageCount: 0, IsAttachable: true,
    CreateDate: created, UpdateDate: created, PolicyVersionList: versions,
  };
}

/** `usable`: the keys identities of this account may name: its own and those shared with it. */
export function authorizationDetails(random: Random, org: OrganisationPlan, account: AccountPlan, usable: KeyPlan[]) {
  return {
    UserDetailList: account.users.map((u) => userDetail(random, org, account, u, usable)),
    GroupDetailList: account.groups.map((g) => groupDetail(random, account, g, usable)),
    RoleDetailList: account.roles.map((r) => roleDetail(random, org, account, r, usable)),
    Policies: accountManagedPolicies(random, account, usable).map((p) => policyDetail(random, p)),
  };
}
