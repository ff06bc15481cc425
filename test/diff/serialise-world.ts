/**
 * Writes a loaded world back in the native world format of ../shared/spec/interface.md section 3, so that a
 * counterexample can be saved as a world file and rerun with `keyproof check --world`. Anything the loader derives
 * (aliases map, service-linked flag, missing managed policies) is written as the input it came from.
 */
import { stringify } from 'yaml';
import type { ConditionClause, NamedPolicy, PolicyDocument, PrincipalEntry, Statement } from '../../src/policy/model.js';
import type { Grant, Group, Key, ManagedPolicy, Organization, OrganizationPolicy, Role, User, World } from '../../src/world/model.js';
import type {
  JsonCondition, JsonPolicyDocument, JsonPrincipal, JsonStatement, NativeAccount, NativeGrant, NativeGroup, NativeKey,
  NativeManagedPolicy, NativeNamedPolicy, NativeOrganization, NativeOrganizationalUnit, NativeOrganizationPolicy, NativeRole, NativeUser, NativeWorld,
} from './native-format.js';

/** A list, or undefined when empty (so optional fields are left out). */
function nonEmpty<T>(list: readonly T[]): T[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}

function nonEmptyRecord(record: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(record).length > 0 ? { ...record } : undefined;
}

/** Drops undefined fields: the loader treats a missing field and an undefined one alike, YAML does not. */
function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

function principalElement(entries: readonly PrincipalEntry[]): JsonPrincipal {
  const element: Partial<Record<PrincipalEntry['type'], string[]>> = {};
  for (const { type, value } of entries) (element[type] ??= []).push(value);
  return Object.fromEntries(Object.entries(element).map(([type, values]) => [type, values.length === 1 ? values[0]! : values]));
}

function conditionElement(clauses: readonly ConditionClause[]): JsonCondition {
  const element: JsonCondition = {};
  for (const clause of clauses) (element[clause.operatorText] ??= {})[clause.key] = [...clause.values];
  return element;
}

function statementElement(s: Statement): JsonStatement {
  return defined({
    Sid: s.sid,
    Effect: s.effect,
    Principal: s.principal && principalElement(s.principal),
    NotPrincipal: s.notPrincipal && principalElement(s.notPrincipal),
    Action: s.action && [...s.action],
    NotAction: s.notAction && [...s.notAction],
    Resource: s.resource && [...s.resource],
    NotResource: s.notResource && [...s.notResource],
    Condition: s.conditions.length > 0 ? conditionElement(s.conditions) : undefined,
  });
}

export function serialisePolicyDocument(doc: PolicyDocument): JsonPolicyDocument {
  return defined({ Version: doc.version, Id: doc.id, Statement: doc.statements.map(statementElement) });
}

const named = (policies: readonly NamedPolicy[]): NativeNamedPolicy[] | undefined =>
  nonEmpty(policies.map((p) => ({ name: p.name, document: serialisePolicyDocument(p.document) })));

const managed = (policy: ManagedPolicy): NativeManagedPolicy => ({ arn: policy.arn, document: serialisePolicyDocument(policy.document) });

function userElement(user: User): NativeUser {
  return defined({
    arn: user.arn,
    userId: user.userId,
    policies: named(user.inlinePolicies),
    managedPolicies: nonEmpty(user.managedPolicyArns),
    groups: nonEmpty(user.groupArns),
    permissionsBoundary: user.permissionsBoundaryArn,
    tags: nonEmptyRecord(user.tags),
  });
}

function roleElement(role: Role): NativeRole {
  return defined({
    arn: role.arn,
    roleId: role.roleId,
    trustPolicy: role.trustPolicy && serialisePolicyDocument(role.trustPolicy.document),
    policies: named(role.inlinePolicies),
    managedPolicies: nonEmpty(role.managedPolicyArns),
    permissionsBoundary: role.permissionsBoundaryArn,
    tags: nonEmptyRecord(role.tags),
  });
}

function groupElement(group: Group): NativeGroup {
  return defined({ arn: group.arn, policies: named(group.inlinePolicies), managedPolicies: nonEmpty(group.managedPolicyArns) });
}

function grantElement(grant: Grant): NativeGrant {
  const constraints = grant.constraints && defined({
    EncryptionContextSubset: grant.constraints.encryptionContextSubset,
    EncryptionContextEquals: grant.constraints.encryptionContextEquals,
  });
  return defined({
    GrantId: grant.grantId,
    Name: grant.name,
    GranteePrincipal: grant.granteePrincipal,
    RetiringPrincipal: grant.retiringPrincipal,
    IssuingAccount: grant.issuingAccount,
    Operations: [...grant.operations],
    Constraints: constraints,
  });
}

function keyElement(key: Key): NativeKey {
  const metadata = defined({
    KeySpec: key.keySpec, KeyUsage: key.keyUsage, Origin: key.origin, MultiRegion: key.multiRegion, KeyManager: key.keyManager,
  });
  return defined({
    arn: key.arn,
    state: key.state,
    policy: serialisePolicyDocument(key.policy.document),
    grants: nonEmpty(key.grants.map(grantElement)),
    aliases: nonEmpty(key.aliases),
    tags: nonEmptyRecord(key.tags),
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
}

const organizationPolicy = (p: OrganizationPolicy): NativeOrganizationPolicy =>
  ({ name: p.name, targets: [...p.targets], document: serialisePolicyDocument(p.document) });

/** The OU tree below `parent` (undefined: the root), rebuilt from the model's flat list. */
function unitTree(org: Organization, parent: string | undefined): NativeOrganizationalUnit[] | undefined {
  return nonEmpty(org.units.filter((u) => u.parent === parent).map((u) => defined({
    id: u.id, name: u.name, accounts: nonEmpty([...u.accounts]), children: unitTree(org, u.id),
  })));
}

function rootTargeted(org: Organization): boolean {
  return [...org.serviceControlPolicies, ...org.resourceControlPolicies].some((p) => org.root !== undefined && p.targets.includes(org.root));
}

function organizationElement(org: Organization): NativeOrganization {
  return defined({
    id: org.id,
    accounts: [...org.accounts],
    managementAccount: org.managementAccount,
    // A root that a target names reads back from the target; written out only with a tree (as generated worlds give it).
    root: org.units.length > 0 || !rootTargeted(org) ? org.root : undefined,
    organizationalUnits: unitTree(org, undefined),
    serviceControlPolicies: nonEmpty(org.serviceControlPolicies.map(organizationPolicy)),
    resourceControlPolicies: nonEmpty(org.resourceControlPolicies.map(organizationPolicy)),
  });
}

/** The world as a native world file object. */
export function serialiseWorld(world: World): NativeWorld {
  const accounts: NativeAccount[] = [...world.accounts.values()].map((a) => defined({
    id: a.id,
    users: nonEmpty([...a.users.values()].map(userElement)),
    roles: nonEmpty([...a.roles.values()].map(roleElement)),
    groups: nonEmpty([...a.groups.values()].map(groupElement)),
    managedPolicies: nonEmpty([...a.managedPolicies.values()].map(managed)),
  }));
  return defined({
    organization: world.organization && organizationElement(world.organization),
    accounts,
    keys: [...world.keys.values()].map(keyElement),
    awsManagedPolicies: nonEmpty([...world.awsManagedPolicies.values()].map(managed)),
  });
}

/** The world as YAML text, with a header comment (e.g. how to rerun a counterexample). */
export function worldToYaml(world: World, header: readonly string[] = []): string {
  const comment = header.map((line) => `# ${line}\n`).join('');
  return comment + stringify(serialiseWorld(world), { lineWidth: 0 });
}
