/**
 * `who-can` in an organization with OUs: alike users of accounts in different OUs are asked apart (the SCPs of
 * their OUs differ), and the organization class (accounts the world does not describe) is decided per account
 * path. Expected answers reasoned from the SCP evaluation rule (AWS Organizations user guide, "SCP evaluation").
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { whoCan } from '../../../src/api/who-can.js';
import { parseWorld } from '../../../src/world/load.js';
import { examplePairs, referenceAllows } from '../brute-force.js';

afterAll(closeEngines);

const A = '111111111111'; // Production OU
const B = '222222222222'; // Sandbox OU (S3 only)
const C = '333333333333'; // Production OU, not described
const D = '444444444444'; // Sandbox OU, not described
const KEY = `arn:aws:kms:us-west-2:${A}:key/aaaaaaaa-1111-2222-3333-444444444444`;
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const S3_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const KMS_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

const account = (id: string) => ({ id, users: [{ arn: `arn:aws:iam::${id}:user/ops`, policies: [{ name: 'kms', document: KMS_ALL }] }] });

const WORLD = parseWorld(JSON.stringify({
  organization: {
    id: 'o-a1b2c3d4e5', root: 'r-ab12', accounts: [A, B, C, D],
    organizationalUnits: [
      { id: 'ou-ab12-prod0001', name: 'Production', accounts: [A, C] },
      { id: 'ou-ab12-sbox0001', name: 'Sandbox', accounts: [B, D] },
    ],
    serviceControlPolicies: [
      { name: 'FullAWSAccess', targets: ['r-ab12', 'ou-ab12-prod0001', A, B, C, D], document: ALLOW_ALL },
      { name: 'SandboxS3Only', targets: ['ou-ab12-sbox0001'], document: S3_ONLY },
    ],
  },
  accounts: [account(A), account(B)],
  keys: [{
    arn: KEY,
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Organization', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
      ],
    },
  }],
}), 'ous.json');

describe('who-can with organizational units', () => {
  test('users alike but in accounts of different OUs: only the one whose OU allows KMS is listed', async () => {
    const r = await whoCan(WORLD, { key: KEY, action: 'kms:Decrypt' });
    expect(r.complete, r.undecided.join('; ')).toBe(true);
    // A's ops user and A's root: every level from the root to A allows. B's ops user: the Sandbox OU allows S3 only.
    expect(r.principals.map((p) => p.arn).sort()).toEqual([`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/ops`]);
    for (const p of r.principals) {
      expect(referenceAllows(WORLD, { key: KEY, action: 'kms:Decrypt' }, p.arn, examplePairs(p.example))).toBe(true);
    }
    // The undescribed accounts: C (Production) can, D (Sandbox) cannot, so the class's example is in C.
    const org = r.classes.find((c) => c.kind === 'organization');
    expect(org).toBeDefined();
    expect(org!.example.principal).toContain(`::${C}:`);
    expect(r.classes.find((c) => c.kind === 'anyone')).toBeUndefined();
  });

  test('with the Sandbox OU also allowing everything, B\'s user is listed too', async () => {
    const open = parseWorld(JSON.stringify({
      organization: {
        id: 'o-a1b2c3d4e5', root: 'r-ab12', accounts: [A, B],
        organizationalUnits: [{ id: 'ou-ab12-prod0001', accounts: [A] }, { id: 'ou-ab12-sbox0001', accounts: [B] }],
        serviceControlPolicies: [{ name: 'FullAWSAccess', targets: ['r-ab12', 'ou-ab12-prod0001', 'ou-ab12-sbox0001', A, B], document: ALLOW_ALL }],
      },
      accounts: [account(A), account(B)],
      keys: [{ arn: KEY, policy: { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:Decrypt', Resource: '*' },
      ] } }],
    }), 'open.json');
    const r = await whoCan(open, { key: KEY, action: 'kms:Decrypt' });
    expect(r.principals.map((p) => p.arn)).toContain(`arn:aws:iam::${B}:user/ops`);
  });
});
