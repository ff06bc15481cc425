/** The native world format (interface.md section 3), in JSON and in YAML. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadWorld } from '../../src/world/load.js';
import { levelsOf } from '../../src/world/organization-path.js';

const jsonFile = 'test/fixtures/world/native.json';
const yamlFile = 'test/fixtures/world/native.yaml';
const KEY = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const BOB = 'arn:aws:iam::111122223333:user/bob';

/** Line and column (1-based) of the first occurrence of `needle` in a file. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${needle} not in ${file}`);
  return { line: line + 1, column: lines[line]!.indexOf(needle) + 1 };
}

/** The model without the places it came from, to compare the same world written two ways. */
function withoutLocations(value: unknown): unknown {
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, withoutLocations(v)]));
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).filter(([k]) => k !== 'location' && k !== 'file').map(([k, v]) => [k, withoutLocations(v)]),
    );
  }
  return value;
}

describe('native world in JSON', () => {
  const world = loadWorld(jsonFile);
  const account = world.accounts.get('111122223333')!;

  test('accounts, identities and their attachments', () => {
    expect([...world.accounts.keys()]).toEqual(['111122223333', '444455556666']);
    const bob = account.users.get(BOB)!;
    expect(bob).toMatchObject({
      kind: 'user',
      name: 'bob',
      accountId: '111122223333',
      userId: 'AIDACKCEVSQ6C2EXAMPLE',
      groupArns: ['arn:aws:iam::111122223333:group/devs'],
      permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/Boundary',
      tags: { team: 'blue' },
      managedPolicyArns: [
        'arn:aws:iam::111122223333:policy/KmsUse',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'arn:aws:iam::aws:policy/PowerUserAccess',
      ],
    });
    // The inline policy was given as a JSON string.
    expect(bob.inlinePolicies[0]!.name).toBe('inline-1');
    expect(bob.inlinePolicies[0]!.document.statements[0]).toMatchObject({ sid: 'UseKey', effect: 'Allow', action: ['kms:Decrypt'] });
    expect([...account.managedPolicies.keys()]).toEqual([
      'arn:aws:iam::111122223333:policy/KmsUse',
      'arn:aws:iam::111122223333:policy/Boundary',
    ]);
  });

  test('roles: trust policy, tags as an AWS list, service-linked by path', () => {
    const role = account.roles.get('arn:aws:iam::111122223333:role/ExampleRole')!;
    expect(role).toMatchObject({ roleId: 'AROADBQP57FF2AEXAMPLE', tags: { env: 'prod' }, serviceLinked: false });
    expect(role.trustPolicy!.document.statements[0]!.principal).toEqual([{ type: 'AWS', value: BOB }]);
    const linked = account.roles.get(
      'arn:aws:iam::111122223333:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer',
    )!;
    expect(linked).toMatchObject({ name: 'AWSServiceRoleForAccessAnalyzer', serviceLinked: true, tags: {} });
  });

  test('AWS managed policies: supplied ones are kept (they win over the snapshot), others come from the snapshot', () => {
    expect([...world.awsManagedPolicies.keys()]).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/PowerUserAccess']);
    expect(world.awsManagedPolicies.get('arn:aws:iam::aws:policy/ReadOnlyAccess')!.location.file).toBe(jsonFile);
    const fromSnapshot = world.awsManagedPolicies.get('arn:aws:iam::aws:policy/PowerUserAccess')!;
    expect(fromSnapshot.location.file).toMatch(/^arn:aws:iam::aws:policy\/PowerUserAccess@v\d+$/);
    // PowerUserAccess allows everything but IAM (its NotAction statement).
    expect(fromSnapshot.document.statements.some((s) => s.effect === 'Allow' && s.notAction?.includes('iam:*'))).toBe(true);
    expect(world.missingManagedPolicies).toEqual([]);
  });

  test('conditions: operators split into parts, values kept as strings, each clause located', () => {
    const group = account.groups.get('arn:aws:iam::111122223333:group/devs')!;
    const [aliases, secure, age] = group.inlinePolicies[0]!.document.statements[0]!.conditions;
    expect(aliases).toMatchObject({
      operatorText: 'ForAnyValue:StringLike',
      base: 'StringLike',
      qualifier: 'ForAnyValue',
      ifExists: false,
      key: 'kms:ResourceAliases',
      values: ['alias/app-*', 'alias/shared'],
    });
    expect(aliases!.location).toEqual({
      file: jsonFile,
      pointer: '/accounts/0/groups/0/policies/0/document/Statement/0/Condition/ForAnyValue:StringLike/kms:ResourceAliases',
      ...positionOf(jsonFile, '["alias/app-*"'),
    });
    expect(secure).toMatchObject({ base: 'Bool', values: ['true'] });
    expect(age).toMatchObject({ base: 'NumericLessThanEquals', values: ['3600'] });
  });

  test('keys: policy, grants, aliases, tags; statements located', () => {
    const key = world.keys.get(KEY)!;
    expect(key).toMatchObject({ id: '1234abcd-12ab-34cd-56ef-1234567890ab', accountId: '444455556666', region: 'us-west-2', state: 'Enabled' });
    expect(key.policy.name).toBe('key-policy');
    expect(key.policy.document.id).toBe('key-default-1');
    const partner = key.policy.document.statements[1]!;
    expect(partner.principal).toEqual([
      { type: 'AWS', value: '111122223333' },
      { type: 'AWS', value: 'arn:aws:sts::111122223333:assumed-role/ExampleRole/session' },
      { type: 'Service', value: 'logs.amazonaws.com' },
    ]);
    expect(partner.location).toEqual({ file: jsonFile, pointer: '/keys/0/policy/Statement/1', line: 131, column: 11 });
    expect(key.grants).toEqual([
      {
        grantId: 'abcde1237f76e4ba7987489ac329fbfba6ad343d6f7075dbd1ef191f0120514a',
        keyArn: KEY,
        granteePrincipal: 'arn:aws:iam::111122223333:role/ExampleRole',
        issuingAccount: 'arn:aws:iam::444455556666:root',
        operations: ['Decrypt'],
        constraints: { encryptionContextEquals: { Department: 'IT' } },
        location: expect.objectContaining({ file: jsonFile, pointer: '/keys/0/grants/0' }),
      },
    ]);
    expect(key.aliases).toEqual(['alias/app-key']);
    expect(world.aliases).toEqual(new Map([['arn:aws:kms:us-west-2:444455556666:alias/app-key', KEY]]));
    expect(key.tags).toEqual({ env: 'prod' });
  });

  test('organization: a root id target becomes the root, above every member account', () => {
    const org = world.organization!;
    expect(org).toMatchObject({ id: 'o-a1b2c3d4e5', accounts: ['111122223333', '444455556666'], managementAccount: '444455556666', root: 'r-ab12' });
    expect(org.serviceControlPolicies[0]).toMatchObject({ name: 'DenyKmsDeletion', targets: ['r-ab12'] });
    expect(levelsOf(org, '111122223333')).toEqual(['r-ab12', '111122223333']);
    expect(org.resourceControlPolicies[0]!.targets).toEqual(['444455556666']);
    expect(org.resourceControlPolicies[0]!.document.statements[0]!.conditions[0]).toMatchObject({
      base: 'StringNotEquals',
      ifExists: true,
    });
  });
});

describe('native world in YAML', () => {
  test('reads to the same model as the JSON file', () => {
    expect(withoutLocations(loadWorld(yamlFile))).toEqual(withoutLocations(loadWorld(jsonFile)));
  });

  test('locations point into the YAML file', () => {
    const key = loadWorld(yamlFile).keys.get(KEY)!;
    const { line } = positionOf(yamlFile, 'Sid: AllowPartner');
    expect(key.policy.document.statements[1]!.location).toEqual({ file: yamlFile, pointer: '/keys/0/policy/Statement/1', line, column: 11 });
  });
});
