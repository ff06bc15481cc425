/**
 * The AWS Organization of a world: id, member accounts, optional management account (an extension of
 * interface.md section 3: SCPs never restrict it), optional root id and tree of organizational units
 * (interface.md section 6), and SCPs/RCPs with where they are attached: the root, OUs or member accounts.
 */
import { parsePolicyDocument, type PolicyKind } from '../policy/parse.js';
import { readAccountId } from './identifiers.js';
import type { Organization, OrganizationalUnit, OrganizationPolicy } from './model.js';
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

const ORGANIZATION_FIELDS = [
  'id', 'accounts', 'managementAccount', 'root', 'organizationalUnits', 'serviceControlPolicies', 'resourceControlPolicies',
];
const UNIT_FIELDS = ['id', 'name', 'accounts', 'children'];
const POLICY_FIELDS = ['name', 'targets', 'document'];

/** Identifier formats of the Organizations API reference (Root.Id, OrganizationalUnit.Id). */
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/** How many levels a warning names before "and N more". */
const LISTED_LEVELS = 8;

export function readOrganization(value: unknown, where: Where): Organization {
  const object = readObject(value, where, 'an organization');
  checkFields(object, where, 'an organization', ORGANIZATION_FIELDS);
  const id = readOrganizationId(requireField(object, 'id', where, 'an organization'), where.at('id'));
  const accounts: string[] = [];
  for (const [item, itemWhere] of itemsOf(requireField(object, 'accounts', where, 'an organization'), where.at('accounts'), 'the member account ids')) {
    const account = readAccountId(item, itemWhere);
    if (accounts.includes(account)) throw itemWhere.error(`duplicate member account "${account}"`);
    accounts.push(account);
  }
  const organization: Organization = { id, accounts, units: [], serviceControlPolicies: [], resourceControlPolicies: [] };
  if (object.managementAccount !== undefined) {
    const management = readAccountId(object.managementAccount, where.at('managementAccount'), 'the management account id');
    if (!accounts.includes(management)) {
      throw where.at('managementAccount').error(`the management account ${management} must also be listed in the organization's "accounts"`);
    }
    organization.managementAccount = management;
  }
  if (object.root !== undefined) organization.root = readRootId(object.root, where.at('root'));
  readUnits(object.organizationalUnits, where.at('organizationalUnits'), organization, undefined, new Map());
  organization.serviceControlPolicies = readPolicies(object.serviceControlPolicies, where.at('serviceControlPolicies'), organization, 'scp');
  organization.resourceControlPolicies = readPolicies(object.resourceControlPolicies, where.at('resourceControlPolicies'), organization, 'rcp');
  if (object.root !== undefined || object.organizationalUnits !== undefined) warnLevelsWithoutScp(organization, where.at('serviceControlPolicies'));
  return organization;
}

export function readOrganizationId(value: unknown, where: Where): string {
  if (typeof value !== 'string' || !/^o-[a-z0-9]{10,32}$/.test(value)) {
    throw where.error(`expected an organization id ("o-" and 10 to 32 lowercase letters or digits), found ${describeValue(value)}`);
  }
  return value;
}

export function readRootId(value: unknown, where: Where): string {
  if (typeof value !== 'string' || !ROOT_ID.test(value)) {
    throw where.error(`expected the organization root id ("r-" and 4 to 32 lowercase letters or digits), found ${describeValue(value)}`);
  }
  return value;
}

export function readUnitId(value: unknown, where: Where): string {
  if (typeof value !== 'string' || !OU_ID.test(value)) {
    throw where.error(`expected an organizational unit id ("ou-", 4 to 32 lowercase letters or digits, "-", 8 to 32 more), found ${describeValue(value)}`);
  }
  return value;
}

/** The OU tree, `[{ id, name, accounts, children }]`, read into `organization.units` parents first. */
function readUnits(value: unknown, where: Where, organization: Organization, parent: string | undefined, placed: Map<string, string>): void {
  for (const [item, itemWhere] of optionalItems(value, where, 'a list of organizational units')) {
    const object = readObject(item, itemWhere, 'an organizational unit ({ id, name, accounts, children })');
    checkFields(object, itemWhere, 'an organizational unit', UNIT_FIELDS);
    const id = readUnitId(requireField(object, 'id', itemWhere, 'an organizational unit'), itemWhere.at('id'));
    if (organization.units.some((u) => u.id === id)) throw itemWhere.at('id').error(`duplicate organizational unit "${id}"`);
    const name = object.name === undefined ? id : readNonEmptyString(object.name, itemWhere.at('name'), 'the organizational unit name');
    const unit: OrganizationalUnit = { id, name, ...(parent ? { parent } : {}), accounts: [], location: itemWhere.location() };
    organization.units.push(unit);
    for (const [accountItem, accountWhere] of optionalItems(object.accounts, itemWhere.at('accounts'), 'the account ids in the unit')) {
      const account = readAccountId(accountItem, accountWhere);
      if (!organization.accounts.includes(account)) {
        throw accountWhere.error(`account ${account} is not a member of the organization (its "accounts")`);
      }
      const other = placed.get(account);
      if (other !== undefined) throw accountWhere.error(`account ${account} is already in organizational unit "${other}": an account has one parent`);
      placed.set(account, id);
      unit.accounts.push(account);
    }
    readUnits(object.children, itemWhere.at('children'), organization, id, placed);
  }
}

function readPolicies(value: unknown, where: Where, organization: Organization, kind: PolicyKind): OrganizationPolicy[] {
  const label = kind === 'scp' ? 'a service control policy' : 'a resource control policy';
  const policies: OrganizationPolicy[] = [];
  for (const [item, itemWhere] of optionalItems(value, where, `a list of ${kind === 'scp' ? 'SCPs' : 'RCPs'}`)) {
    const object = readObject(item, itemWhere, `${label} ({ name, targets, document })`);
    checkFields(object, itemWhere, label, POLICY_FIELDS);
    const name = readNonEmptyString(requireField(object, 'name', itemWhere, label), itemWhere.at('name'), 'the policy name');
    if (policies.some((p) => p.name === name)) throw itemWhere.at('name').error(`duplicate policy name "${name}"`);
    const targets = readTargets(requireField(object, 'targets', itemWhere, label), itemWhere.at('targets'), organization);
    const document = parsePolicyDocument(requireField(object, 'document', itemWhere, label), itemWhere.at('document'), kind);
    policies.push({ name, targets, document, location: itemWhere.location() });
  }
  return policies;
}

/**
 * Targets are the root id (`r-...`), OU ids (`ou-...`) declared under `organizationalUnits`, or member account ids
 * (AWS Organizations AttachPolicy: TargetId). A root id the world does not declare becomes the root.
 */
function readTargets(value: unknown, where: Where, organization: Organization): string[] {
  const targets = new Set<string>();
  for (const [item, itemWhere] of itemsOf(value, where, 'the policy targets (the root id, OU ids or member account ids)')) {
    if (typeof item === 'string' && item.startsWith('r-')) {
      const root = readRootId(item, itemWhere);
      if (organization.root !== undefined && organization.root !== root) {
        throw itemWhere.error(`the organization's root is "${organization.root}", not "${root}"`);
      }
      organization.root = root;
      targets.add(root);
      continue;
    }
    if (typeof item === 'string' && item.startsWith('ou-')) {
      if (!organization.units.some((u) => u.id === item)) {
        throw itemWhere.error(`organizational unit "${item}" is not declared under the organization's "organizationalUnits"`);
      }
      targets.add(item);
      continue;
    }
    const account = readAccountId(item, itemWhere, 'the root id "r-...", an OU id "ou-..." or a member account id');
    if (!organization.accounts.includes(account)) throw itemWhere.error(`account ${account} is not a member of the organization (its "accounts")`);
    targets.add(account);
  }
  return [...targets];
}

/**
 * AWS keeps at least one SCP attached to every root, OU and account (FullAWSAccess unless replaced; Organizations
 * API reference, DetachPolicy: "Every root, OU, and account must have at least one SCP attached"), so a level of
 * a described tree with none attached is one the world left out. keyproof takes it as FullAWSAccess, which can
 * only report more access, never less, and says so here.
 */
export function warnLevelsWithoutScp(organization: Organization, where: Where): void {
  const scps = organization.serviceControlPolicies;
  if (scps.length === 0) return;
  const members = organization.accounts.filter((a) => a !== organization.managementAccount);
  const levels = [...(organization.root ? [organization.root] : []), ...organization.units.map((u) => u.id), ...members];
  const bare = levels.filter((level) => !scps.some((p) => p.targets.includes(level)));
  if (bare.length === 0) return;
  const listed = bare.slice(0, LISTED_LEVELS).join(', ') + (bare.length > LISTED_LEVELS ? ` and ${bare.length - LISTED_LEVELS} more` : '');
  where.warn(`no SCP is attached to ${listed}: AWS keeps at least one SCP (FullAWSAccess by default) on every root, OU and account, so keyproof takes these levels as allowing everything (FullAWSAccess)`);
}
