/**
 * The organization's service control policies: FullAWSAccess on every account (as AWS attaches it by default)
 * and deny guardrails on member accounts. The management account is exempt from SCPs, so none targets it.
 */
import { DESTRUCTIVE_ACTIONS, policy, type PolicyJson } from './documents.js';
import type { OrganisationPlan } from './skeleton.js';

export interface ScpJson {
  name: string;
  targets: string[];
  document: PolicyJson;
}

export function serviceControlPolicies(org: OrganisationPlan): ScpJson[] {
  const all = org.accounts.map((a) => a.id);
  const members = org.accounts.filter((a) => a.kind !== 'management').map((a) => a.id);
  const sandboxes = org.accounts.filter((a) => a.kind === 'sandbox').map((a) => a.id);
  const scps: ScpJson[] = [
    { name: 'FullAWSAccess', targets: all, document: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]) },
    {
      name: 'ProtectKeysFromDestruction', targets: members,
      document: policy([{
        Sid: 'OnlyKeyAdminDestroysKeys', Effect: 'Deny', Action: DESTRUCTIVE_ACTIONS, Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/KeyAdmin' } },
      }]),
    },
    {
      name: 'StayInOrganization', targets: members,
      document: policy([{ Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' }]),
    },
  ];
  if (sandboxes.length > 0) {
    scps.push({
      name: 'SandboxNoKeySharing', targets: sandboxes,
      document: policy([{ Sid: 'NoGrantsOrPolicyChanges', Effect: 'Deny', Action: ['kms:CreateGrant', 'kms:PutKeyPolicy'], Resource: '*' }]),
    });
  }
  return scps;
}
