/**
 * The policy documents of a world, read straight from its files for the peer, without keyproof's loader: so that
 * the peer comparison also cross-checks keyproof's reading of the files, not only its evaluation. Reads the
 * native world format and the AWS CLI outputs it references with `$file` (interface.md section 3); it trusts its
 * input (the worlds are the examples and generated ones), and does not validate as keyproof's loader does.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type Document = Record<string, unknown>;

export interface NamedDocument {
  name: string;
  policy: Document;
}

export interface RawIdentity {
  arn: string;
  accountId: string;
  kind: 'user' | 'role';
  /** The role's name (for its session ARN). */
  name: string;
  /** Inline and attached policies, and those of the user's groups. */
  policies: NamedDocument[];
  boundary?: NamedDocument;
  tags: Record<string, string>;
  serviceLinked: boolean;
}

export interface RawWorld {
  organization?: { id: string; accounts: string[]; managementAccount?: string; scps: Array<NamedDocument & { targets: string[] }> };
  identities: Map<string, RawIdentity>;
  keyPolicies: Map<string, Document>;
}

type Json = Record<string, any>; // verbatim AWS CLI output, read without validation

function readText(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
}

/** The value, or the content of the file a `{ "$file": ... }` reference names (relative to `base`). */
function follow(value: unknown, base: string): { value: unknown; base: string } {
  let current = { value, base };
  while (current.value && typeof current.value === 'object' && '$file' in current.value) {
    const file = join(dirname(current.base), (current.value as { $file: string }).$file);
    current = { value: readText(file), base: file };
  }
  return current;
}

/** A policy document given as an object, a JSON string, or a URL-encoded JSON string (as the IAM API returns it). */
export function decodeDocument(value: unknown, base: string): Document {
  const { value: resolved } = follow(value, base);
  if (typeof resolved !== 'string') return resolved as Document;
  return JSON.parse(resolved.trimStart().startsWith('{') ? resolved : decodeURIComponent(resolved)) as Document;
}

const accountOf = (arn: string) => arn.split(':')[4]!;
const nameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

function tagsOf(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return (value ?? {}) as Record<string, string>;
  return Object.fromEntries(value.map((t: Json) => ('TagKey' in t ? [t.TagKey, t.TagValue] : [t.Key, t.Value])));
}

interface Holder {
  arn: string;
  kind: 'user' | 'role' | 'group';
  inline: NamedDocument[];
  managed: string[];
  groups: string[];
  boundary?: string;
  tags: Record<string, string>;
  path: string;
}

/** Users, roles and groups of one account's `get-account-authorization-details` output, and its managed policies. */
function readAuthorizationDetails(output: Json, base: string, managed: Map<string, Document>, holders: Holder[]): void {
  for (const p of output.Policies ?? []) {
    const version = (p.PolicyVersionList as Json[]).find((v) => v.IsDefaultVersion === true)!;
    managed.set(p.Arn, decodeDocument(version.Document, base));
  }
  const inline = (list: Json[] | undefined) => (list ?? []).map((p) => ({ name: p.PolicyName as string, policy: decodeDocument(p.PolicyDocument, base) }));
  const attached = (list: Json[] | undefined) => (list ?? []).map((a) => a.PolicyArn as string);
  const groupArns = new Map<string, string>();
  for (const g of output.GroupDetailList ?? []) {
    groupArns.set(g.GroupName, g.Arn);
    holders.push({ arn: g.Arn, kind: 'group', inline: inline(g.GroupPolicyList), managed: attached(g.AttachedManagedPolicies), groups: [], tags: {}, path: g.Path ?? '/' });
  }
  for (const u of output.UserDetailList ?? []) {
    holders.push({
      arn: u.Arn, kind: 'user', inline: inline(u.UserPolicyList), managed: attached(u.AttachedManagedPolicies),
      groups: (u.GroupList ?? []).map((name: string) => groupArns.get(name)!), boundary: u.PermissionsBoundary?.PermissionsBoundaryArn,
      tags: tagsOf(u.Tags), path: u.Path ?? '/',
    });
  }
  for (const r of output.RoleDetailList ?? []) {
    holders.push({
      arn: r.Arn, kind: 'role', inline: inline(r.RolePolicyList), managed: attached(r.AttachedManagedPolicies), groups: [],
      boundary: r.PermissionsBoundary?.PermissionsBoundaryArn, tags: tagsOf(r.Tags), path: r.Path ?? '/',
    });
  }
}

/** The same from the native format (interface.md section 3). */
function readNativeAccount(account: Json, base: string, managed: Map<string, Document>, holders: Holder[]): void {
  for (const p of account.managedPolicies ?? []) managed.set(p.arn, decodeDocument(p.document, base));
  const inline = (list: Json[] | undefined) => (list ?? []).map((p) => ({ name: p.name as string, policy: decodeDocument(p.document, base) }));
  const add = (list: Json[] | undefined, kind: Holder['kind']) => {
    for (const h of list ?? []) {
      holders.push({
        arn: h.arn, kind, inline: inline(h.policies), managed: h.managedPolicies ?? [], groups: h.groups ?? [],
        boundary: h.permissionsBoundary, tags: tagsOf(h.tags), path: h.arn.split(':')[5].split('/').slice(1, -1).join('/'),
      });
    }
  };
  add(account.groups, 'group');
  add(account.users, 'user');
  add(account.roles, 'role');
  if (account.authorizationDetails !== undefined) {
    const { value, base: detailsBase } = follow(account.authorizationDetails, base);
    readAuthorizationDetails(value as Json, detailsBase, managed, holders);
  }
}

/** A key policy: a document, or the output of `aws kms get-key-policy` ({ Policy: "<JSON>" }). */
function readKeyPolicy(value: unknown, base: string): Document {
  const { value: resolved, base: keyBase } = follow(value, base);
  if (resolved && typeof resolved === 'object' && typeof (resolved as Json).Policy === 'string') return JSON.parse((resolved as Json).Policy) as Document;
  return decodeDocument(resolved, keyBase);
}

export function readRawWorld(worldFile: string): RawWorld {
  const world = readText(worldFile) as Json;
  const managed = new Map<string, Document>();
  for (const p of world.awsManagedPolicies ?? []) managed.set(p.arn, decodeDocument(p.document, worldFile));
  const holders: Holder[] = [];
  for (const account of world.accounts ?? []) readNativeAccount(account, worldFile, managed, holders);

  const byArn = new Map(holders.map((h) => [h.arn, h]));
  const documentsOf = (h: Holder): NamedDocument[] => [
    ...h.inline,
    ...h.managed.filter((arn) => managed.has(arn)).map((arn) => ({ name: arn, policy: managed.get(arn)! })),
  ];
  const identities = new Map<string, RawIdentity>();
  for (const h of holders) {
    if (h.kind === 'group') continue;
    const policies = [...documentsOf(h), ...h.groups.flatMap((g) => (byArn.has(g) ? documentsOf(byArn.get(g)!) : []))];
    identities.set(h.arn, {
      arn: h.arn, accountId: accountOf(h.arn), kind: h.kind, name: nameOf(h.arn), policies, tags: h.tags,
      ...(h.boundary && managed.has(h.boundary) ? { boundary: { name: h.boundary, policy: managed.get(h.boundary)! } } : {}),
      serviceLinked: h.path.replace(/^\//, '').startsWith('aws-service-role/'),
    });
  }
  const keyPolicies = new Map<string, Document>();
  for (const key of world.keys ?? []) keyPolicies.set(key.arn, readKeyPolicy(key.policy, worldFile));
  const org = world.organization as Json | undefined;
  return {
    identities,
    keyPolicies,
    ...(org ? {
      organization: {
        id: org.id, accounts: org.accounts, managementAccount: org.managementAccount,
        scps: (org.serviceControlPolicies ?? []).map((p: Json) => ({ name: p.name, targets: p.targets, policy: decodeDocument(p.document, worldFile) })),
      },
    } : {}),
  };
}
