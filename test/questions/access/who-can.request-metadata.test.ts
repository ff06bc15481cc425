/**
 * who-can and audit under a region guard (test/golden/cases/30-region-guard-and-request-metadata.yaml): for a given
 * key, aws:RequestedRegion is the key's Region and aws:SecureTransport is true, not open variables; the time is
 * open but always present (iam/reference_policies_condition-keys.md, "always included in the request context").
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { audit } from '../../../src/api/audit.js';
import { closeEngines } from '../../../src/api/check.js';
import { whoCan } from '../../../src/api/who-can.js';
import { loadWorld } from '../../../src/world/load.js';
import { examplePairs, referenceAllows } from '../brute-force.js';

afterAll(closeEngines);

const scenario = parse(readFileSync(join(import.meta.dirname, '../../golden/cases/30-region-guard-and-request-metadata.yaml'), 'utf8')) as { world: unknown };
const file = join(mkdtempSync(join(tmpdir(), 'keyproof-region-')), 'world.json');
writeFileSync(file, JSON.stringify(scenario.world));
const world = loadWorld(file);

const EU_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1111aaaa-11aa-11aa-11aa-111111111111';
const US_KEY = 'arn:aws:kms:us-east-1:111122223333:key/2222bbbb-22bb-22bb-22bb-222222222222';
const user = (name: string) => `arn:aws:iam::111122223333:user/${name}`;
const APP = 'arn:aws:iam::111122223333:role/App';

describe('who-can under the region guard', () => {
  test('kms:Decrypt on the eu-west-1 key: alice, App, and carol through App (the guard is met by the key Region)', async () => {
    const r = await whoCan(world, { key: EU_KEY, action: 'kms:Decrypt' });
    expect(r.complete, r.undecided.join('; ')).toBe(true);
    const arns = r.principals.map((p) => p.arn);
    expect(arns).toEqual(expect.arrayContaining([user('alice'), APP, user('carol')]));
    // erin is allowed Decrypt only before 2020: a time who-can may choose (the time is open, but present).
    expect(arns).toContain(user('erin'));
    expect(r.principals.find((p) => p.arn === user('erin'))!.example['aws:CurrentTime']).toBeDefined();
    expect(r.principals.find((p) => p.arn === user('carol'))!.path).toEqual([user('carol'), APP]);
    for (const p of r.principals) {
      // A direct request's Region is its key's, never a choice; a chain's role assumptions choose theirs (an STS
      // endpoint the guard allows).
      if (p.path.length === 1) expect(p.example['aws:RequestedRegion']).toBeUndefined();
      else expect(['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3']).toEqual(expect.arrayContaining(p.example['aws:RequestedRegion'] ?? []));
      expect(referenceAllows(world, { key: EU_KEY, action: 'kms:Decrypt' }, p.arn, examplePairs(p.example)), `example of ${p.arn}`).toBe(true);
    }
  });

  test('kms:Decrypt on the us-east-1 key: nobody (the guard denies every principal of the account)', async () => {
    const r = await whoCan(world, { key: US_KEY, action: 'kms:Decrypt' });
    expect(r.complete).toBe(true);
    expect(r.principals).toEqual([]);
  });

  test('kms:Encrypt on the eu-west-1 key: dave (Allow on aws:SecureTransport true), erin (after 2020)', async () => {
    const r = await whoCan(world, { key: EU_KEY, action: 'kms:Encrypt' });
    expect(r.principals.map((p) => p.arn)).toEqual(expect.arrayContaining([user('alice'), user('dave'), user('erin')]));
    // aws:SecureTransport is fixed: the example never needs to choose it.
    expect(r.principals.find((p) => p.arn === user('dave'))!.example['aws:SecureTransport']).toBeUndefined();
  });
});

describe('audit under the region guard', () => {
  test('alice can use the eu-west-1 key and not the us-east-1 key', async () => {
    const result = await audit(world);
    const principalsOf = (key: string) => new Set(result.keys.find((k) => k.key === key)!.groups.flatMap((g) => g.access.map((a) => a.principal)));
    expect(principalsOf(EU_KEY)).toContain(user('alice'));
    expect(principalsOf(EU_KEY)).toContain(user('carol'));
    expect(principalsOf(US_KEY).has(user('alice'))).toBe(false);
  });
});
