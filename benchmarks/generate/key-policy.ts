/**
 * Key policies as the console and real organisations write them: root delegation (usually), key administrators,
 * key users named directly, other accounts named by their root, service-bound and organization-bound access through
 * conditions, and Deny guardrails. The rare public statement stands for a misconfiguration an audit must find.
 */
import {
  DESTRUCTIVE_ACTIONS, GRANT_MANAGEMENT_ACTIONS, KEY_ADMIN_ACTIONS, KEY_USER_ACTIONS, MAC_USER_ACTIONS, SIGNING_USER_ACTIONS,
  policy, viaServices, type PolicyJson, type PolicyStatementJson,
} from './documents.js';
import type { Random } from './prng.js';
import { rootArn, type AccountPlan, type KeyPlan, type KeySpecPlan, type OrganisationPlan, type RolePlan } from './skeleton.js';

export function userActionsFor(spec: KeySpecPlan): string[] {
  if (spec === 'RSA_2048' || spec === 'ECC_NIST_P256') return SIGNING_USER_ACTIONS;
  if (spec === 'HMAC_256') return MAC_USER_ACTIONS;
  return KEY_USER_ACTIONS;
}

/** Encryption context and grant constraints apply to symmetric encryption keys only (kms/create-grant-overview.md). */
export function isSymmetric(spec: KeySpecPlan): boolean {
  return spec === 'SYMMETRIC_DEFAULT';
}

const USER_ROLE_KINDS = new Set(['app', 'ci', 'dev']);

/** Roles that use keys: from the key's own account and from the accounts it is shared with. */
export function keyUserCandidates(org: OrganisationPlan, byId: Map<string, AccountPlan>, key: KeyPlan): RolePlan[] {
  const accounts = [key.accountId, ...key.trustedAccounts].map((id) => byId.get(id)!);
  return accounts.flatMap((a) => a.roles.filter((r) => USER_ROLE_KINDS.has(r.kind)));
}

const one = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values);

export function keyPolicy(random: Random, org: OrganisationPlan, key: KeyPlan, candidates: RolePlan[], index: number): PolicyJson {
  const statements: PolicyStatementJson[] = [];
  const userActions = userActionsFor(key.spec);
  const delegates = random.chance(0.9);
  if (delegates) {
    statements.push({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootArn(key.accountId) }, Action: 'kms:*', Resource: '*' });
  }
  statements.push({
    Sid: 'Allow access for Key Administrators', Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${key.accountId}:role/KeyAdmin` }, Action: KEY_ADMIN_ACTIONS, Resource: '*',
  });
  const users = random.sample(candidates, random.int(1, 4)).map((r) => r.arn);
  if (users.length > 0) {
    statements.push({ Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: one(users) }, Action: userActions, Resource: '*' });
    if (isSymmetric(key.spec) && random.chance(0.3)) {
      statements.push({
        Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: one(users) },
        Action: GRANT_MANAGEMENT_ACTIONS, Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      });
    }
  }
  if (key.trustedAccounts.length > 0) {
    if (random.chance(0.3)) {
      // The shape of the AWS managed keys' policies: any principal of the named accounts, through one service.
      statements.push({
        Sid: 'Allow access through S3 for the named accounts', Effect: 'Allow', Principal: { AWS: '*' }, Action: userActions,
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': one(key.trustedAccounts), 'kms:ViaService': viaServices(key.region)[0]! } },
      });
    } else {
      statements.push({
        Sid: 'Allow use by other accounts', Effect: 'Allow', Principal: { AWS: one(key.trustedAccounts.map(rootArn)) },
        Action: userActions, Resource: '*',
      });
    }
  }
  if (random.chance(0.15)) {
    statements.push({
      Sid: 'Allow decryption anywhere in the organization', Effect: 'Allow', Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': org.orgId } },
    });
  }
  if (random.chance(0.2)) {
    statements.push({
      Sid: 'Allow same-account use through AWS services', Effect: 'Allow', Principal: { AWS: '*' }, Action: userActions, Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': key.accountId, 'kms:ViaService': viaServices(key.region) } },
    });
  }
  for (const partner of key.partners) {
    statements.push({
      Sid: 'Partner decrypts exchanged files', Effect: 'Allow', Principal: { AWS: rootArn(partner) },
      Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*',
    });
  }
  if (random.chance(0.2)) {
    statements.push({
      Sid: 'Only KeyAdmin destroys the key', Effect: 'Deny', Principal: '*', Action: DESTRUCTIVE_ACTIONS, Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${key.accountId}:role/KeyAdmin` } },
    });
  }
  if (isSymmetric(key.spec) && random.chance(0.15)) {
    statements.push({
      Sid: 'Require the application encryption context', Effect: 'Deny', Principal: '*', Action: ['kms:Decrypt', 'kms:Encrypt'],
      Resource: '*', Condition: { StringNotEquals: { [`kms:EncryptionContext:app`]: key.app } },
    });
  }
  // A misconfiguration the audit must report: about one key in a hundred (and always the tenth) is open to anyone.
  if (index === 9 || random.chance(0.01)) {
    statements.push({ Sid: 'Public decrypt (misconfiguration)', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
  }
  return policy(statements, 'key-consolepolicy-3');
}
