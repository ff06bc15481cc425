/**
 * The AWS Organization of a world: id, member accounts, optional management account (an extension of
 * interface.md section 3: SCPs never restrict it), and SCPs/RCPs with the accounts they apply to.
 */
import { parsePolicyDocument, type PolicyKind } from '../policy/parse.js';
import { readAccountId } from './identifiers.js';
import type { Organization, OrganizationPolicy } from './model.js';
import {
  checkFields,
  describeValue,
  itemsOf,
  optionalItems,
  readNonEmptyString,
  readObject,
  requireField,
} from '../input/read-value.js';
import type { Where } from '../input/where.js';

const ORGANIZATION_FIELDS = ['id', 'accounts', 'managementAccount', 'serviceControlPolicies', 'resourceControlPolicies'];
const POLICY_FIELDS = ['name', 'targets', 'document'];

export function readOrganization(value: unknown, where: Where): Organization {
  const object = readObject(value, where, 'an organization');
  checkFields(object, where, 'an organization', ORGANIZATION_FIELDS);
  const id = requireField(object, 'id', where, 'an organization');
  if (typeof id !== 'string' || !/^o-[a-z0-9]{10,32}$/.test(id)) {
    throw where.at('id').error(`expected an organization id ("o-" and 10 to 32 lowercase letters or digits), found ${describeValue(id)}`);
  }
  const accounts: string[] = [];
  for (const [item, itemWhere] of itemsOf(requireField(object, 'accounts', where, 'an organization'), where.at('accounts'), 'the member account ids')) {
    const account = readAccountId(item, itemWhere);
    if (accounts.includes(account)) throw itemWhere.error(`duplicate member account "${account}"`);
    accounts.push(account);
  }
  const organization: Organization = { id, accounts, serviceControlPolicies: [], resourceControlPolicies: [] };
  if (object.managementAccount !== undefined) {
    const management = readAccountId(object.managementAccount, where.at('managementAccount'), 'the management account id');
    if (!accounts.includes(management)) {
      throw where.at('managementAccount').error(`the management account ${management} must also be listed in the organization's "accounts"`);
    }
    organization.managementAccount = management;
  }
  organization.serviceControlPolicies = readPolicies(object.serviceControlPolicies, where.at('serviceControlPolicies'), accounts, 'scp');
  organization.resourceControlPolicies = readPolicies(object.resourceControlPolicies, where.at('resourceControlPolicies'), accounts, 'rcp');
  return organization;
}

function readPolicies(value: unknown, where: Where, members: string[], kind: PolicyKind): OrganizationPolicy[] {
  const label = kind === 'scp' ? 'a service control policy' : 'a resource control policy';
  const policies: OrganizationPolicy[] = [];
  for (const [item, itemWhere] of optionalItems(value, where, `a list of ${label === 'a service control policy' ? 'SCPs' : 'RCPs'}`)) {
    const object = readObject(item, itemWhere, `${label} ({ name, targets, document })`);
    checkFields(object, itemWhere, label, POLICY_FIELDS);
    const name = readNonEmptyString(requireField(object, 'name', itemWhere, label), itemWhere.at('name'), 'the policy name');
    if (policies.some((p) => p.name === name)) throw itemWhere.at('name').error(`duplicate policy name "${name}"`);
    const targets = readTargets(requireField(object, 'targets', itemWhere, label), itemWhere.at('targets'), members);
    const document = parsePolicyDocument(requireField(object, 'document', itemWhere, label), itemWhere.at('document'), kind);
    policies.push({ name, targets, document, location: itemWhere.location() });
  }
  return policies;
}

/**
 * Targets are member account ids, or the organization root id (`r-...`), which stands for every member account.
 * OUs are not modelled: list the accounts of the OU instead.
 */
function readTargets(value: unknown, where: Where, members: string[]): string[] {
  const targets = new Set<string>();
  for (const [item, itemWhere] of itemsOf(value, where, 'the policy targets (member account ids or the root id)')) {
    if (typeof item === 'string' && /^r-[0-9a-z]{4,32}$/.test(item)) {
      members.forEach((m) => targets.add(m));
      continue;
    }
    if (typeof item === 'string' && item.startsWith('ou-')) {
      throw itemWhere.error(`organizational units are not modelled: list the account ids of "${item}" instead`);
    }
    const account = readAccountId(item, itemWhere, 'a member account id or the root id "r-..."');
    if (!members.includes(account)) throw itemWhere.error(`account ${account} is not a member of the organization (its "accounts")`);
    targets.add(account);
  }
  return [...targets];
}
