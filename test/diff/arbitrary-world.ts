/**
 * Generated worlds in the native world format (../shared/spec/interface.md section 3): one to three accounts with
 * users, groups, roles, managed policies and permissions boundaries; keys in every key state with key policies,
 * grants, aliases and tags; and sometimes an organization with SCPs and RCPs, half of them with a tree of OUs and
 * policies attached at the root, OUs and accounts.
 *
 * Parts are generated independently of each other (so that fast-check shrinks each on its own) and then assembled:
 * placeholders are bound to the owning account or key, and references to parts that were not generated are
 * dropped, so that every world passes the loader's validation.
 */
import fc from 'fast-check';
import { chance, pickOne, sometimes, weighted } from './arbitrary-helpers.js';
import type { KeyState } from '../../src/world/model.js';
import { KEY_STATES } from '../../src/world/key-state.js';
import { GRANT_OPERATIONS } from '../../src/world/aws-cli/grants.js';
import { readNativeWorld } from '../../src/world/native/world.js';
import type { World } from '../../src/world/model.js';
import { Where } from '../../src/input/where.js';
import {
  FULL_ACCESS, awsPrincipalValueArb, identityPolicyArb, keyPolicyArb, rcpDocumentArb, scpDocumentArb, trustPolicyArb,
} from './arbitrary-statement.js';
import type {
  JsonPolicyDocument, NativeAccount, NativeGrant, NativeKey, NativeManagedPolicy, NativeOrganization,
  NativeOrganizationalUnit, NativeOrganizationPolicy, NativeRole, NativeUser, NativeWorld,
} from './native-format.js';
import {
  ALL_ACCOUNTS, AWS_MANAGED_POLICY_ARN, ENCRYPTION_CONTEXT, EXTERNAL_ACCOUNT, FOCUS_OPERATIONS, GROUP_NAME, KEY_SLOTS, ORG_ID,
  ORG_ROOT, ORG_UNITS, OWN_ACCOUNT, ROLE_NAMES, SERVICES, THIS_KEY, USER_NAMES, WORLD_ACCOUNTS, aliasName, groupArn, keyArn,
  policyArn, roleArn, sessionArn, userArn,
} from './vocabulary.js';


/** What users, roles and groups share before assembly. */
interface RawHolder {
  inline: JsonPolicyDocument[];
  /** Attach the account's KmsUse policy / the AWS managed policy. */
  attachKmsUse: boolean;
  attachAwsManaged: boolean;
}
interface RawUser extends RawHolder { inGroup: boolean; boundary: boolean; team?: string }
interface RawRole extends RawHolder { trust?: JsonPolicyDocument; boundary: boolean; team?: string; serviceLinked: boolean }
interface RawAccount {
  users: (RawUser | undefined)[];
  roles: (RawRole | undefined)[];
  group?: RawHolder;
  kmsUse?: JsonPolicyDocument;
  boundary?: JsonPolicyDocument;
}
interface RawGrant {
  grantee: string;
  operations: string[];
  constraint?: { kind: 'EncryptionContextSubset' | 'EncryptionContextEquals'; pairs: Record<string, string> };
  named: boolean;
}
interface RawKey {
  account: number;
  slot: number;
  state: KeyState;
  policy: JsonPolicyDocument;
  grants: RawGrant[];
  alias: boolean;
  env?: string;
}
interface RawOrganization {
  externalMember: boolean;
  management?: number;
  /** An OU tree: where each member sits (0: under the root, 1-3: in ORG_UNITS[n - 1]). */
  tree?: { placement: number[]; fullAccessEverywhere: boolean };
  scps: { kind: string; document: JsonPolicyDocument; targets: number[] | 'root'; units: number[] }[];
  rcps: { document: JsonPolicyDocument; targets: number[] | 'root'; units: number[] }[];
}
interface RawWorld {
  accountCount: number;
  accounts: RawAccount[];
  keys: RawKey[];
  organization?: RawOrganization;
  supplyAwsManaged: boolean;
}

const teamArb = sometimes(fc.constantFrom('blue', 'red'), 50);

const holderFields = {
  inline: fc.array(identityPolicyArb, { maxLength: 2 }),
  attachKmsUse: chance(33),
  attachAwsManaged: chance(10),
};

const userArb: fc.Arbitrary<RawUser> = fc.record({
  ...holderFields,
  inGroup: fc.boolean(),
  boundary: chance(25),
  team: teamArb,
});

const roleArb: fc.Arbitrary<RawRole> = fc.record({
  ...holderFields,
  trust: sometimes(trustPolicyArb, 92),
  boundary: chance(20),
  team: teamArb,
  // Service-linked roles (path /aws-service-role/) escape SCPs and RCPs.
  serviceLinked: chance(8),
});

const accountArb: fc.Arbitrary<RawAccount> = fc.record({
  users: fc.tuple(...USER_NAMES.map(() => sometimes(userArb, 70))),
  roles: fc.tuple(...ROLE_NAMES.map(() => sometimes(roleArb, 65))),
  group: sometimes(fc.record(holderFields), 50),
  kmsUse: sometimes(identityPolicyArb, 60),
  boundary: sometimes(identityPolicyArb, 50),
});

const pairsArb: fc.Arbitrary<Record<string, string>> = fc.record(
  { Department: fc.constantFrom(...ENCRYPTION_CONTEXT.Department), Project: fc.constantFrom(...ENCRYPTION_CONTEXT.Project) },
  { requiredKeys: [] },
);

/**
 * Grantees: identities of the key's account and of other accounts alike, since a grant is also how an identity of
 * another account comes to trust a key (kms/policy-evaluation.md).
 */
const granteeArb: fc.Arbitrary<string> = pickOne(
  weighted(fc.tuple(fc.constantFrom(...WORLD_ACCOUNTS), fc.constantFrom(...USER_NAMES)).map(([a, n]) => userArn(a, n)), 3),
  weighted(fc.tuple(fc.constantFrom(...WORLD_ACCOUNTS), fc.constantFrom(...ROLE_NAMES)).map(([a, n]) => roleArn(a, n)), 3),
  weighted(fc.tuple(fc.constantFrom(...WORLD_ACCOUNTS), fc.constantFrom(...ROLE_NAMES)).map(([a, n]) => sessionArn(a, n)), 1),
  weighted(fc.constantFrom(...WORLD_ACCOUNTS), 1),
  weighted(awsPrincipalValueArb, 2),
  weighted(fc.constantFrom(...SERVICES), 1),
);

const grantArb: fc.Arbitrary<RawGrant> = fc.record({
  grantee: granteeArb,
  operations: fc.subarray(
    [...new Set([...FOCUS_OPERATIONS.filter((op) => GRANT_OPERATIONS.includes(op)), 'GenerateDataKeyWithoutPlaintext'])],
    { minLength: 1, maxLength: 4 },
  ),
  constraint: sometimes(fc.record({
    kind: fc.constantFrom('EncryptionContextSubset' as const, 'EncryptionContextEquals' as const),
    pairs: pairsArb,
  }), 35),
  named: fc.boolean(),
});

/** Enabled most of the time, every other state now and then (kms/key-state.md). */
const keyStateArb: fc.Arbitrary<KeyState> = pickOne(
  weighted(fc.constant('Enabled' as KeyState), 7),
  weighted(fc.constantFrom(...KEY_STATES.filter((s) => s !== 'Enabled')), 10),
);

const keyArb: fc.Arbitrary<RawKey> = fc.record({
  account: fc.nat({ max: WORLD_ACCOUNTS.length - 1 }),
  slot: fc.nat({ max: KEY_SLOTS.length - 1 }),
  state: keyStateArb,
  policy: keyPolicyArb,
  grants: pickOne(weighted(fc.constant<RawGrant[]>([]), 1), weighted(fc.array(grantArb, { minLength: 1, maxLength: 3 }), 3)),
  alias: fc.boolean(),
  env: sometimes(fc.constantFrom('prod', 'dev', 'blue'), 60),
});

const targetsArb: fc.Arbitrary<number[] | 'root'> = pickOne(
  weighted(fc.constant('root' as const), 2),
  weighted(fc.subarray([0, 1, 2, 3], { minLength: 1 }), 3),
);

/** The OUs a policy is also attached to (in worlds with a tree). */
const unitTargetsArb = fc.subarray([0, 1, 2], { maxLength: 2 });

const organizationArb: fc.Arbitrary<RawOrganization> = fc.record({
  externalMember: fc.boolean(),
  management: sometimes(fc.nat({ max: WORLD_ACCOUNTS.length - 1 }), 25),
  tree: sometimes(fc.record({
    placement: fc.array(fc.nat({ max: ORG_UNITS.length }), { minLength: ALL_ACCOUNTS.length, maxLength: ALL_ACCOUNTS.length }),
    fullAccessEverywhere: fc.boolean(),
  }), 50),
  scps: fc.array(fc.record({ scp: scpDocumentArb, targets: targetsArb, units: unitTargetsArb })
    .map(({ scp, targets, units }) => ({ ...scp, targets, units })), { maxLength: 3 }),
  rcps: fc.array(fc.record({ document: rcpDocumentArb, targets: targetsArb, units: unitTargetsArb }), { maxLength: 2 }),
});

const rawWorldArb: fc.Arbitrary<RawWorld> = fc.record({
  accountCount: fc.integer({ min: 1, max: WORLD_ACCOUNTS.length }),
  accounts: fc.tuple(...WORLD_ACCOUNTS.map(() => accountArb)),
  keys: fc.array(keyArb, { minLength: 1, maxLength: 3 }),
  organization: sometimes(organizationArb, 50),
  supplyAwsManaged: fc.boolean(),
});

/** Replaces a placeholder in every string of a JSON value. */
function bind<T>(value: T, placeholder: string, replacement: string): T {
  return JSON.parse(JSON.stringify(value).split(placeholder).join(replacement)) as T;
}

function definedOnly<T>(values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}

/** Omits empty lists and undefined fields, so the world file stays short. */
function compact<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

function assembleHolder(raw: RawHolder, account: string, kmsUseDefined: boolean) {
  const managed = [
    ...(raw.attachKmsUse && kmsUseDefined ? [policyArn(account, 'KmsUse')] : []),
    // An AWS managed policy the world may not supply: reported as missing, never silently used.
    ...(raw.attachAwsManaged ? [AWS_MANAGED_POLICY_ARN] : []),
  ];
  return {
    policies: raw.inline.map((document, i) => ({ name: `inline-${i}`, document })),
    managedPolicies: managed,
  };
}

function assembleAccount(raw: RawAccount, account: string): NativeAccount {
  const kmsUseDefined = raw.kmsUse !== undefined;
  const boundaryArn = raw.boundary ? policyArn(account, 'Boundary') : undefined;
  const users: NativeUser[] = definedOnly(raw.users.map((user, i) => user && compact({
    arn: userArn(account, USER_NAMES[i]!),
    ...assembleHolder(user, account, kmsUseDefined),
    groups: user.inGroup && raw.group ? [groupArn(account, GROUP_NAME)] : undefined,
    permissionsBoundary: user.boundary ? boundaryArn : undefined,
    tags: user.team ? { team: user.team } : undefined,
  })));
  const roles: NativeRole[] = definedOnly(raw.roles.map((role, i) => role && compact({
    arn: role.serviceLinked ? `arn:aws:iam::${account}:role/aws-service-role/${ROLE_NAMES[i]}` : roleArn(account, ROLE_NAMES[i]!),
    trustPolicy: role.trust,
    ...assembleHolder(role, account, kmsUseDefined),
    permissionsBoundary: role.boundary ? boundaryArn : undefined,
    tags: role.team ? { team: role.team } : undefined,
  })));
  const managedPolicies: NativeManagedPolicy[] = [
    ...(raw.kmsUse ? [{ arn: policyArn(account, 'KmsUse'), document: raw.kmsUse }] : []),
    ...(raw.boundary ? [{ arn: policyArn(account, 'Boundary'), document: raw.boundary }] : []),
  ];
  const groups = raw.group ? [compact({ arn: groupArn(account, GROUP_NAME), ...assembleHolder(raw.group, account, kmsUseDefined) })] : [];
  return bind(compact({ id: account, users, roles, groups, managedPolicies }), OWN_ACCOUNT, account);
}

function assembleGrant(raw: RawGrant, index: number): NativeGrant {
  const constraint = raw.constraint && Object.keys(raw.constraint.pairs).length > 0
    ? { Constraints: { [raw.constraint.kind]: raw.constraint.pairs } } : {};
  return {
    GrantId: `grant-${index}`,
    ...(raw.named ? { Name: `g${index}` } : {}),
    GranteePrincipal: raw.grantee,
    Operations: raw.operations,
    ...constraint,
  };
}

function assembleKeys(raws: RawKey[], accounts: readonly string[]): NativeKey[] {
  const keys = new Map<string, NativeKey>();
  for (const raw of raws) {
    const account = accounts[raw.account % accounts.length]!;
    const slot = KEY_SLOTS[raw.slot]!;
    const arn = keyArn(account, slot);
    if (keys.has(arn)) continue;
    const key: NativeKey = compact({
      arn,
      state: raw.state,
      policy: raw.policy,
      grants: raw.grants.map(assembleGrant),
      aliases: raw.alias ? [aliasName(slot)] : undefined,
      tags: raw.env ? { env: raw.env } : undefined,
    });
    keys.set(arn, bind(bind(key, THIS_KEY, arn), OWN_ACCOUNT, account));
  }
  return [...keys.values()];
}

/** Two OUs under the root and one under the first, each with the members placed in it. */
function assembleUnits(placement: number[], members: readonly string[]): NativeOrganizationalUnit[] {
  const unit = (n: number, children?: NativeOrganizationalUnit[]): NativeOrganizationalUnit => compact({
    id: ORG_UNITS[n]!, name: `unit-${n}`, accounts: members.filter((_, i) => placement[i] === n + 1), children,
  });
  return [unit(0, [unit(2)]), unit(1)];
}

function assembleOrganization(raw: RawOrganization, accounts: readonly string[]): NativeOrganization {
  const members = [...accounts, ...(raw.externalMember ? [EXTERNAL_ACCOUNT] : [])];
  const tree = raw.tree;
  const targets = (t: number[] | 'root', units: number[]) => {
    const onUnits = tree ? units.map((u) => ORG_UNITS[u]!) : [];
    if (t === 'root') return [ORG_ROOT, ...onUnits];
    return [...new Set(t.map((i) => members[i % members.length]!)), ...onUnits];
  };
  const policies = (list: { document: JsonPolicyDocument; targets: number[] | 'root'; units: number[] }[], prefix: string): NativeOrganizationPolicy[] =>
    list.map((p, i) => ({ name: `${prefix}-${i}`, targets: targets(p.targets, p.units), document: p.document }));
  const scps = policies(raw.scps, 'scp');
  // Real organizations keep FullAWSAccess on every level unless replaced.
  if (tree?.fullAccessEverywhere) scps.push({ name: 'FullAWSAccess', targets: [ORG_ROOT, ...ORG_UNITS, ...members], document: FULL_ACCESS });
  const management = raw.management === undefined ? undefined : accounts[raw.management % accounts.length];
  return compact({
    id: ORG_ID,
    accounts: members,
    managementAccount: management,
    root: tree ? ORG_ROOT : undefined,
    organizationalUnits: tree ? assembleUnits(tree.placement, members) : undefined,
    serviceControlPolicies: scps,
    resourceControlPolicies: policies(raw.rcps, 'rcp'),
  });
}

function assembleWorld(raw: RawWorld): NativeWorld {
  const accounts = WORLD_ACCOUNTS.slice(0, raw.accountCount);
  return compact({
    organization: raw.organization && assembleOrganization(raw.organization, accounts),
    accounts: accounts.map((id, i) => assembleAccount(raw.accounts[i]!, id)),
    keys: assembleKeys(raw.keys, accounts),
    awsManagedPolicies: raw.supplyAwsManaged
      ? [{ arn: AWS_MANAGED_POLICY_ARN, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } }]
      : undefined,
  });
}

/** Worlds in the native format, every one valid. */
export const nativeWorldArb: fc.Arbitrary<NativeWorld> = rawWorldArb.map(assembleWorld);

/** The file name generated worlds are loaded under (it only appears in messages and locations). */
export const GENERATED_WORLD_FILE = 'generated-world.json';

/**
 * Loads a generated world with the loader's own reading and validation (src/world/native/world.ts), skipping only the
 * JSON/YAML text parsing: locations are JSON pointers without line:column, which is all a generated world needs.
 */
export function loadNativeWorld(native: NativeWorld, file = GENERATED_WORLD_FILE): World {
  return readNativeWorld(native, Where.from({ file, pointer: '' }));
}
