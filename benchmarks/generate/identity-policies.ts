/**
 * The customer managed policies every generated account has, and the inline policies drawn for its identities.
 * Names are fixed per account so that users, groups and roles can attach them by ARN.
 */
import {
  DESTRUCTIVE_ACTIONS, KEY_ADMIN_ACTIONS, KEY_READ_ACTIONS, KEY_USER_ACTIONS, policy, viaServices, type PolicyJson,
} from './documents.js';
import type { Random } from './prng.js';
import { APPS, iamArn, TEAMS, type AccountPlan, type KeyPlan } from './skeleton.js';

export interface ManagedPolicyPlan {
  name: string;
  arn: string;
  document: PolicyJson;
  /** An older, non-default version, as accounts that edited a policy have. */
  previous?: PolicyJson;
}

/** AWS managed policies the generated identities attach; the world supplies them (simplified to their KMS part). */
export const AWS_MANAGED = {
  administratorAccess: 'arn:aws:iam::aws:policy/AdministratorAccess',
  readOnlyAccess: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
} as const;

export function awsManagedPolicies(): Array<{ arn: string; document: PolicyJson }> {
  return [
    { arn: AWS_MANAGED.administratorAccess, document: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]) },
    {
      arn: AWS_MANAGED.readOnlyAccess,
      document: policy([{ Effect: 'Allow', Action: [...KEY_READ_ACTIONS, 's3:Get*', 's3:List*', 'iam:Get*', 'iam:List*'], Resource: '*' }]),
    },
  ];
}

export function managedPolicyArn(account: AccountPlan, name: string): string {
  return iamArn(account.id, 'policy', '/', name);
}

export const KMS_USE = (team: string) => `KmsUse-${team}`;

/** The account's customer managed policies. `usable` are the keys its identities may name (own and shared keys). */
export function accountManagedPolicies(random: Random, account: AccountPlan, usable: KeyPlan[]): ManagedPolicyPlan[] {
  const make = (name: string, document: PolicyJson, previous?: PolicyJson): ManagedPolicyPlan =>
    ({ name, arn: managedPolicyArn(account, name), document, ...(previous ? { previous } : {}) });
  const keyArns = (count: number) => random.sample(usable, count).map((k) => k.arn);
  const policies = TEAMS.map((team) => {
    const keys = keyArns(random.int(1, 4));
    const current = policy([{ Sid: 'UseTeamKeys', Effect: 'Allow', Action: KEY_USER_ACTIONS, Resource: keys.length > 0 ? keys : '*' }]);
    // A fifth of the team policies were once broader (kms:* on every key) and have been narrowed.
    const previous = random.chance(0.2) ? policy([{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]) : undefined;
    return make(KMS_USE(team), current, previous);
  });
  policies.push(
    make('KmsReadOnly', policy([{ Effect: 'Allow', Action: KEY_READ_ACTIONS, Resource: '*' }])),
    make('KmsAdministration', policy([{ Sid: 'AdministerAccountKeys', Effect: 'Allow', Action: KEY_ADMIN_ACTIONS, Resource: `arn:aws:kms:*:${account.id}:key/*` }])),
    make('AssumeDevRoles', policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account.id}:role/Dev-*` }])),
    make('AssumeKeyAdmin', policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account.id}:role/KeyAdmin` }])),
    make('DeveloperBoundary', policy([{
      Sid: 'Ceiling', Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Describe*', 'kms:List*', 'sts:AssumeRole', 's3:*'],
      Resource: '*',
    }])),
    make('KmsViaS3', policy([{
      Sid: 'DecryptThroughS3', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: `arn:aws:kms:${account.region}:${account.id}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': viaServices(account.region)[0]! } },
    }])),
    make('DenyKeyDeletion', policy([{ Effect: 'Deny', Action: DESTRUCTIVE_ACTIONS, Resource: '*' }])),
    make('S3ReadOnly', policy([{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }])),
  );
  return policies;
}

/** An inline policy that lets one key be used only with a given encryption context (kms:EncryptionContext:app). */
export function contextBoundKeyUse(random: Random, usable: KeyPlan[]): PolicyJson | undefined {
  if (usable.length === 0) return undefined;
  const key = random.pick(usable);
  return policy([{
    Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: key.arn,
    Condition: { StringEquals: { 'kms:EncryptionContext:app': random.pick(APPS) } },
  }]);
}

export function keyUse(keys: KeyPlan[]): PolicyJson {
  return policy([{ Effect: 'Allow', Action: KEY_USER_ACTIONS, Resource: keys.length > 0 ? keys.map((k) => k.arn) : '*' }]);
}

export function assumeRole(resources: string[]): PolicyJson {
  return policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resources.length === 1 ? resources[0]! : resources }]);
}
