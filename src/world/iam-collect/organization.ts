/**
 * The organization in an iam-collect store (iam-collect's organization sync), `organizations/<org-id>/`:
 * - `metadata.json`: { id, arn, rootOu (the root id), rootAccountId (the management account), features };
 * - `accounts.json`: { <account-id>: { ou: <parent id>, scps: [policy ARN], rcps: [policy ARN], ... } };
 * - `ous.json`: { <root or OU id>: { parent?: <parent id>, scps: [...], rcps: [...] } };
 * - `ous/<id>/metadata.json`: { arn, name };
 * - `scps/<policy-id>/` and `rcps/<policy-id>/`: `metadata.json` ({ arn, name, ... }) and `policy.json` (content).
 * The lists of policy ARNs are ListPoliciesForTarget's: the policies attached directly to that root, OU or account.
 */
import { join } from 'node:path';
import type { InputWarning } from '../../errors.js';
import { parsePolicyDocument, type PolicyKind } from '../../policy/parse.js';
import { readAccountId } from '../identifiers.js';
import type { Organization, OrganizationalUnit, OrganizationPolicy } from '../model.js';
import { readOrganizationId, readRootId, readUnitId, warnLevelsWithoutScp } from '../organization.js';
import { optionalItems, readNonEmptyString, readObject, requireField, type PlainObject } from '../../input/read-value.js';
import { Where } from '../../input/where.js';
import { readStoreFile, requireStoreFile, subdirs } from './store-layout.js';

interface Attachments {
  /** Policy ARN -> the root, OU and account ids it is attached to. */
  scp: Map<string, string[]>;
  rcp: Map<string, string[]>;
}

/** The organization of the partition folder, if iam-collect stored one; more than one is refused. */
export function readStoreOrganization(partitionDir: string, warnings: InputWarning[]): Organization | undefined {
  const orgsDir = join(partitionDir, 'organizations');
  const ids = subdirs(orgsDir);
  if (ids.length === 0) return undefined;
  if (ids.length > 1) {
    throw Where.from({ file: orgsDir, pointer: '' }).error(`the store holds ${ids.length} organizations (${ids.join(', ')}): keyproof reads a world with one organization; collect one at a time`);
  }
  const dir = join(orgsDir, ids[0]!);
  const meta = requireStoreFile(join(dir, 'metadata.json'), warnings, 'the organization metadata');
  const metadata = readObject(meta.value, meta.where, 'the organization metadata');
  const id = readOrganizationId(requireField(metadata, 'id', meta.where, 'the organization metadata'), meta.where.at('id'));
  const attachments: Attachments = { scp: new Map(), rcp: new Map() };
  const organization: Organization = { id, accounts: [], units: [], serviceControlPolicies: [], resourceControlPolicies: [] };
  if (metadata.rootOu !== undefined) organization.root = readRootId(metadata.rootOu, meta.where.at('rootOu'));

  const accountsFile = requireStoreFile(join(dir, 'accounts.json'), warnings, 'the organization accounts');
  const parents = new Map<string, string>();
  for (const [accountId, entry] of Object.entries(readObject(accountsFile.value, accountsFile.where, 'the organization accounts'))) {
    const where = accountsFile.where.at(accountId);
    const account = readAccountId(accountId, where);
    const object = readObject(entry, where, 'an organization account entry');
    organization.accounts.push(account);
    if (object.ou !== undefined) parents.set(account, readNonEmptyString(object.ou, where.at('ou'), 'the parent id'));
    attach(attachments, account, object, where);
  }
  organization.accounts.sort();
  if (metadata.rootAccountId !== undefined) {
    const management = readAccountId(metadata.rootAccountId, meta.where.at('rootAccountId'), 'the management account id');
    if (organization.accounts.includes(management)) organization.managementAccount = management;
  }

  const ousFile = readStoreFile(join(dir, 'ous.json'), warnings);
  if (ousFile) readUnits(ousFile.value, ousFile.where, dir, organization, attachments, warnings);
  for (const unit of organization.units) unit.accounts = organization.accounts.filter((a) => parents.get(a) === unit.id);

  organization.serviceControlPolicies = readPolicies(join(dir, 'scps'), 'scp', attachments.scp, warnings);
  organization.resourceControlPolicies = readPolicies(join(dir, 'rcps'), 'rcp', attachments.rcp, warnings);
  warnLevelsWithoutScp(organization, meta.where);
  return organization;
}

function attach(attachments: Attachments, target: string, entry: PlainObject, where: Where): void {
  for (const kind of ['scp', 'rcp'] as const) {
    for (const [arn, arnWhere] of optionalItems(entry[`${kind}s`], where.at(`${kind}s`), `a list of ${kind.toUpperCase()} ARNs`)) {
      const policy = readNonEmptyString(arn, arnWhere, `an ${kind.toUpperCase()} ARN`);
      attachments[kind].set(policy, [...(attachments[kind].get(policy) ?? []), target]);
    }
  }
}

/** The root and the OUs of `ous.json`, OUs ordered parents first (the model's order). */
function readUnits(value: unknown, where: Where, dir: string, organization: Organization, attachments: Attachments, warnings: InputWarning[]): void {
  const entries = readObject(value, where, 'the organizational units');
  const found: OrganizationalUnit[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    const entryWhere = where.at(id);
    const object = readObject(entry, entryWhere, 'an organizational unit entry');
    attach(attachments, id, object, entryWhere);
    if (id.startsWith('r-')) {
      const root = readRootId(id, entryWhere);
      if (organization.root !== undefined && organization.root !== root) {
        throw entryWhere.error(`the organization's root is "${organization.root}" (metadata.json), not "${root}"`);
      }
      organization.root = root;
      continue;
    }
    const unitId = readUnitId(id, entryWhere);
    const parent = object.parent === undefined ? undefined : readNonEmptyString(object.parent, entryWhere.at('parent'), 'the parent id');
    const unitMeta = readStoreFile(join(dir, 'ous', unitId, 'metadata.json'), warnings);
    const name = unitMeta ? readObject(unitMeta.value, unitMeta.where, 'the metadata of an organizational unit').name : undefined;
    found.push({
      id: unitId,
      name: typeof name === 'string' && name !== '' ? name : unitId,
      ...(parent !== undefined && !parent.startsWith('r-') ? { parent } : {}),
      accounts: [],
      location: entryWhere.location(),
    });
  }
  // Parents before children.
  const placed = new Set<string>();
  while (placed.size < found.length) {
    const next = found.filter((u) => !placed.has(u.id) && (u.parent === undefined || placed.has(u.parent)));
    if (next.length === 0) {
      const stuck = found.find((u) => !placed.has(u.id))!;
      throw where.at(stuck.id).error(`organizational unit "${stuck.id}" has parent "${stuck.parent}", which is not in the organization's units`);
    }
    for (const unit of next) {
      placed.add(unit.id);
      organization.units.push(unit);
    }
  }
}

/** The SCPs or RCPs stored under `policiesDir`, with where each is attached. */
function readPolicies(policiesDir: string, kind: PolicyKind, attachedTo: Map<string, string[]>, warnings: InputWarning[]): OrganizationPolicy[] {
  const policies: OrganizationPolicy[] = [];
  const known = new Set<string>();
  for (const name of subdirs(policiesDir)) {
    const policyDir = join(policiesDir, name);
    const meta = requireStoreFile(join(policyDir, 'metadata.json'), warnings, `the metadata of an ${kind.toUpperCase()}`);
    const metadata = readObject(meta.value, meta.where, `the metadata of an ${kind.toUpperCase()}`);
    const arn = readNonEmptyString(requireField(metadata, 'arn', meta.where, 'the policy metadata'), meta.where.at('arn'), 'the policy ARN');
    const policyName = readNonEmptyString(requireField(metadata, 'name', meta.where, 'the policy metadata'), meta.where.at('name'), 'the policy name');
    known.add(arn);
    const targets = attachedTo.get(arn) ?? [];
    // A policy attached nowhere decides nothing; its content is not read.
    if (targets.length === 0) continue;
    const content = requireStoreFile(join(policyDir, 'policy.json'), warnings, `the content of ${arn}`);
    const document = parsePolicyDocument(content.value, content.where, kind);
    policies.push({ name: policyName, targets, document, location: meta.where.location() });
  }
  for (const [arn, targets] of attachedTo) {
    if (!known.has(arn)) {
      throw Where.from({ file: policiesDir, pointer: '' }).error(`${arn}, attached to ${targets.join(', ')}, has no folder here: the store is incomplete`);
    }
  }
  return policies;
}
