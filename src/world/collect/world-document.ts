/**
 * The `world.yaml` of a collected world directory: the native world format (interface.md section 3) whose
 * documents are `$file` references, relative to the directory, to the verbatim API outputs beside it. The
 * organization is written with its root, its tree of organizational units (ids, names, accounts) and the real
 * targets of its SCPs and RCPs (root, OU or account ids). Lists are in a stable order (accounts, keys by ARN).
 */
import { Document } from 'yaml';
import type { CollectedIncompletePart } from './incomplete-log.js';
import type { CollectedKey } from './kms.js';
import type { CollectedOrganization, CollectedOrgPolicy, CollectedOu } from './organizations.js';

export interface CollectedWorld {
  organization?: CollectedOrganization;
  /** Account id -> relative path of its merged get-account-authorization-details output. */
  authorizationDetails: Map<string, string>;
  keys: CollectedKey[];
  incomplete: CollectedIncompletePart[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ref = (path: string) => ({ $file: path });

export function worldDocument(world: CollectedWorld, header: string): string {
  const value: Record<string, unknown> = {};
  if (world.organization) value.organization = organizationValue(world.organization);
  value.accounts = [...world.authorizationDetails.entries()].sort(([a], [b]) => byString(a, b))
    .map(([id, path]) => ({ id, authorizationDetails: ref(path) }));
  value.keys = [...world.keys].sort((a, b) => byString(a.arn, b.arn)).map((key) => ({
    arn: key.arn,
    metadata: ref(key.describeKey),
    policy: ref(key.keyPolicy),
    ...(key.grants !== undefined ? { grants: ref(key.grants) } : {}),
    ...(key.aliases.length > 0 ? { aliases: key.aliases } : {}),
    ...(key.tags !== undefined ? { tags: ref(key.tags) } : {}),
  }));
  if (world.incomplete.length > 0) value.incomplete = world.incomplete;
  const document = new Document(value);
  document.commentBefore = header;
  return document.toString({ lineWidth: 0 });
}

function organizationValue(org: CollectedOrganization): Record<string, unknown> {
  const ou = (unit: CollectedOu): Record<string, unknown> => ({
    id: unit.id, name: unit.name, accounts: unit.accounts, ...(unit.children.length > 0 ? { children: unit.children.map(ou) } : {}),
  });
  const policies = (list: CollectedOrgPolicy[]) => {
    const names = new Set<string>();
    return list.map((p) => {
      // The world wants distinct names; should two policies share one, the id keeps them apart.
      const name = names.has(p.name) ? `${p.name} (${p.id})` : p.name;
      names.add(name);
      return { name, targets: p.targets, document: ref(p.contentFile) };
    });
  };
  const accounts = new Set(org.accounts.map((a) => a.id));
  if (org.managementAccount !== undefined) accounts.add(org.managementAccount);
  return {
    id: org.id,
    ...(org.rootId !== undefined ? { root: org.rootId } : {}),
    ...(org.managementAccount !== undefined ? { managementAccount: org.managementAccount } : {}),
    accounts: [...accounts].sort(byString),
    ...(org.organizationalUnits.length > 0 ? { organizationalUnits: org.organizationalUnits.map(ou) } : {}),
    ...(org.serviceControlPolicies.length > 0 ? { serviceControlPolicies: policies(org.serviceControlPolicies) } : {}),
    ...(org.resourceControlPolicies.length > 0 ? { resourceControlPolicies: policies(org.resourceControlPolicies) } : {}),
  };
}
