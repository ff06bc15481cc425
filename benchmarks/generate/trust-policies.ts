/**
 * Role trust policies: who may assume each kind of role. Together they make the role chains of the organisation:
 * user -> Dev role (same account), shared-services user -> Deployer -> Ci role (across accounts),
 * management -> OrganizationAccountAccessRole (every account), partner -> PartnerAccess (from outside).
 */
import { policy, type PolicyJson } from './documents.js';
import type { Random } from './prng.js';
import { rootArn, type AccountPlan, type OrganisationPlan, type RolePlan } from './skeleton.js';

const APP_SERVICES = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'];

function trust(principal: Record<string, string | string[]>, condition?: PolicyJson['Statement'][number]['Condition']): PolicyJson {
  return policy([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }]);
}

function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0]! : values;
}

export function trustPolicy(random: Random, org: OrganisationPlan, account: AccountPlan, role: RolePlan): PolicyJson {
  switch (role.kind) {
    case 'key-admin':
    case 'dev':
      return trust({ AWS: rootArn(account.id) });
    case 'org-access':
      return trust({ AWS: rootArn(org.management.id) });
    case 'service-linked':
      return trust({ Service: 'autoscaling.amazonaws.com' });
    case 'app':
      return trust({ Service: random.pick(APP_SERVICES) });
    case 'deployer': {
      const ciUsers = random.sample(account.users, random.int(1, 3)).map((u) => u.arn);
      return trust({ AWS: ciUsers.length > 0 ? one(ciUsers) : rootArn(account.id) });
    }
    case 'ci': {
      const deployers = org.sharedServices.roles.filter((r) => r.kind === 'deployer');
      return trust({ AWS: one(random.sample(deployers, random.int(1, 2)).map((r) => r.arn)) });
    }
    case 'partner-access': {
      const partner = org.externalAccounts.length > 0 ? random.pick(org.externalAccounts) : org.management.id;
      return trust({ AWS: rootArn(partner) }, { StringEquals: { 'sts:ExternalId': `partner-${random.hex(8)}` } });
    }
  }
}
