/**
 * The organization's structure in the native format: an optional root id and a tree of organizational units, and
 * SCP/RCP targets naming the root, OUs or accounts (interface.md section 6). Flat worlds read as before.
 */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseWorld } from '../../src/world/load.js';
import { attachedAt, levelsOf } from '../../src/world/organization-path.js';

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const DENY_DELETE = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }] };

function worldWith(organization: Record<string, unknown>) {
  return parseWorld(JSON.stringify({ organization, accounts: [], keys: [] }, null, 2), 'org.json');
}

function errorOf(organization: Record<string, unknown>): InputError {
  try {
    worldWith(organization);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

const TREE = {
  id: 'o-a1b2c3d4e5',
  root: 'r-ab12',
  managementAccount: '999999999999',
  accounts: ['111111111111', '222222222222', '333333333333', '999999999999'],
  organizationalUnits: [
    {
      id: 'ou-ab12-aaaaaaaa', name: 'Workloads', accounts: ['111111111111'],
      children: [{ id: 'ou-ab12-bbbbbbbb', name: 'Production', accounts: ['222222222222'] }],
    },
  ],
};

describe('organizational units', () => {
  test('the tree gives each account its levels, root first, then the OUs on its path, then the account', () => {
    const org = worldWith({ ...TREE, serviceControlPolicies: [] }).organization!;
    expect(org.root).toBe('r-ab12');
    expect(org.units.map((u) => [u.id, u.name, u.parent, u.accounts])).toEqual([
      ['ou-ab12-aaaaaaaa', 'Workloads', undefined, ['111111111111']],
      ['ou-ab12-bbbbbbbb', 'Production', 'ou-ab12-aaaaaaaa', ['222222222222']],
    ]);
    expect(levelsOf(org, '222222222222')).toEqual(['r-ab12', 'ou-ab12-aaaaaaaa', 'ou-ab12-bbbbbbbb', '222222222222']);
    expect(levelsOf(org, '111111111111')).toEqual(['r-ab12', 'ou-ab12-aaaaaaaa', '111111111111']);
    // An account in no OU sits directly under the root.
    expect(levelsOf(org, '333333333333')).toEqual(['r-ab12', '333333333333']);
  });

  test('SCP targets keep the root, OU and account ids as written', () => {
    const world = worldWith({
      ...TREE,
      serviceControlPolicies: [
        { name: 'FullAWSAccess', targets: ['r-ab12', 'ou-ab12-aaaaaaaa', 'ou-ab12-bbbbbbbb', '111111111111', '222222222222', '333333333333'], document: ALLOW_ALL },
        { name: 'NoDelete', targets: ['ou-ab12-bbbbbbbb'], document: DENY_DELETE },
      ],
    });
    const org = world.organization!;
    expect(attachedAt(org.serviceControlPolicies, 'ou-ab12-bbbbbbbb').map((p) => p.name)).toEqual(['FullAWSAccess', 'NoDelete']);
    expect(attachedAt(org.serviceControlPolicies, '222222222222').map((p) => p.name)).toEqual(['FullAWSAccess']);
    expect(world.warnings).toEqual([]);
  });

  test('a level of a described tree with no SCP attached is warned about (taken as FullAWSAccess)', () => {
    const world = worldWith({ ...TREE, serviceControlPolicies: [{ name: 'NoDelete', targets: ['ou-ab12-bbbbbbbb'], document: DENY_DELETE }] });
    expect(world.warnings).toHaveLength(1);
    expect(world.warnings[0]!.location.pointer).toBe('/organization/serviceControlPolicies');
    expect(world.warnings[0]!.message).toMatch(/no SCP is attached to r-ab12, ou-ab12-aaaaaaaa, 111111111111, 222222222222, 333333333333: .*FullAWSAccess/);
    // The management account is not listed: SCPs never restrict it.
    expect(world.warnings[0]!.message).not.toContain('999999999999');
  });

  test('a flat world (no root, no OUs) is not warned about: an account no SCP targets is unrestricted', () => {
    const world = worldWith({
      id: 'o-a1b2c3d4e5', accounts: ['111111111111', '222222222222'],
      serviceControlPolicies: [{ name: 'NoDelete', targets: ['111111111111'], document: DENY_DELETE }],
    });
    expect(world.warnings).toEqual([]);
    expect(world.organization!.root).toBeUndefined();
    expect(levelsOf(world.organization!, '111111111111')).toEqual(['111111111111']);
  });

  test('a root id used as a target becomes the root of a flat world', () => {
    const org = worldWith({
      id: 'o-a1b2c3d4e5', accounts: ['111111111111'],
      resourceControlPolicies: [{ name: 'R', targets: ['r-ab12'], document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] } }],
    }).organization!;
    expect(org.root).toBe('r-ab12');
    expect(levelsOf(org, '111111111111')).toEqual(['r-ab12', '111111111111']);
  });

  test.each([
    ['an OU target not declared', { ...TREE, serviceControlPolicies: [{ name: 'P', targets: ['ou-ab12-cccccccc'], document: ALLOW_ALL }] },
      '/organization/serviceControlPolicies/0/targets/0', /organizational unit "ou-ab12-cccccccc" is not declared under the organization's "organizationalUnits"/],
    ['an OU target in a world without OUs', { id: 'o-a1b2c3d4e5', accounts: ['111111111111'], serviceControlPolicies: [{ name: 'P', targets: ['ou-ab12-cccccccc'], document: ALLOW_ALL }] },
      '/organization/serviceControlPolicies/0/targets/0', /is not declared under the organization's "organizationalUnits"/],
    ['a second root', { ...TREE, serviceControlPolicies: [{ name: 'P', targets: ['r-cd34'], document: ALLOW_ALL }] },
      '/organization/serviceControlPolicies/0/targets/0', /the organization's root is "r-ab12", not "r-cd34"/],
    ['a malformed root id', { ...TREE, root: 'root-1' }, '/organization/root', /expected the organization root id/],
    ['a malformed OU id', { ...TREE, organizationalUnits: [{ id: 'ou-x', name: 'X' }] }, '/organization/organizationalUnits/0/id', /expected an organizational unit id/],
    ['a duplicate OU', { ...TREE, organizationalUnits: [{ id: 'ou-ab12-aaaaaaaa' }, { id: 'ou-ab12-aaaaaaaa' }] },
      '/organization/organizationalUnits/1/id', /duplicate organizational unit "ou-ab12-aaaaaaaa"/],
    ['an account in two OUs', { ...TREE, organizationalUnits: [{ id: 'ou-ab12-aaaaaaaa', accounts: ['111111111111'] }, { id: 'ou-ab12-bbbbbbbb', accounts: ['111111111111'] }] },
      '/organization/organizationalUnits/1/accounts/0', /account 111111111111 is already in organizational unit "ou-ab12-aaaaaaaa"/],
    ['an OU account that is not a member', { ...TREE, organizationalUnits: [{ id: 'ou-ab12-aaaaaaaa', accounts: ['444444444444'] }] },
      '/organization/organizationalUnits/0/accounts/0', /account 444444444444 is not a member of the organization/],
    ['a misspelled OU field', { ...TREE, organizationalUnits: [{ id: 'ou-ab12-aaaaaaaa', childs: [] }] },
      '/organization/organizationalUnits/0/childs', /unknown field "childs" in an organizational unit/],
  ])('%s is an error at its place', (_label, organization, pointer, message) => {
    const error = errorOf(organization);
    expect(error.location?.pointer).toBe(pointer);
    expect(error.expected).toMatch(message);
  });
});
