/**
 * AWS managed policies attached by ARN: the snapshot's document is used (AdministratorAccess lets its holder use a
 * key that delegates to IAM), and a policy known nowhere never drops out silently: who-can, what-can and audit are
 * incomplete, naming the policy and its holder, and the CLI warns when loading.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { audit } from '../../../src/api/audit.js';
import { whatCan } from '../../../src/api/what-can.js';
import { whoCan } from '../../../src/api/who-can.js';
import { runMain } from '../../cli/run-main.js';
import { loadWorld } from '../../../src/world/load.js';

afterAll(closeEngines);

const WORLD_FILE = 'test/fixtures/world/aws-managed-by-arn.yaml';
const WORLD = loadWorld(WORLD_FILE);
const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ADMIN = 'arn:aws:iam::111122223333:user/admin';
const MYSTERY = 'arn:aws:iam::111122223333:user/mystery';
const MADE_UP = 'arn:aws:iam::aws:policy/KeyproofMadeUpPolicy';

describe('AWS managed policies by ARN', () => {
  test('who-can: the AdministratorAccess holder can decrypt; the made-up policy leaves its holder undecided', async () => {
    const r = await whoCan(WORLD, { action: 'kms:Decrypt', key: KEY });
    expect(r.principals.map((p) => p.arn)).toContain(ADMIN);
    expect(r.principals.map((p) => p.arn)).not.toContain(MYSTERY);
    expect(r.complete).toBe(false);
    expect(r.undecided).toHaveLength(1);
    expect(r.undecided[0]).toContain(MYSTERY);
    expect(r.undecided[0]).toContain(MADE_UP);
  });

  test('what-can: the made-up policy leaves every operation on the key undecided, named', async () => {
    const r = await whatCan(WORLD, { principal: MYSTERY });
    expect(r.keys).toEqual([]);
    expect(r.complete).toBe(false);
    expect(r.undecided.join('\n')).toContain(MADE_UP);
  });

  test('audit: AdministratorAccess is used, and the audit is incomplete because of the made-up policy', async () => {
    const r = await audit(WORLD);
    const principals = r.keys[0]!.groups.flatMap((g) => g.access.map((a) => a.principal));
    expect(principals).toContain(ADMIN);
    expect(principals).not.toContain(MYSTERY);
    expect(r.complete).toBe(false);
    expect(r.undecided.join('\n')).toContain(`${MYSTERY}: `);
    expect(r.undecided.join('\n')).toContain(MADE_UP);
  });

  test('keyproof audit: the load warning names the unknown policy, the JSON is incomplete', async () => {
    const { status, out, err } = await runMain('audit', '--world', WORLD_FILE, '--format', 'json');
    expect(status).toBe(0);
    expect(err).toContain(`the document of AWS managed policy "${MADE_UP}" is unknown`);
    expect(err).toContain(`${WORLD_FILE}:9:28`);
    expect(JSON.parse(out)).toMatchObject({ complete: false });
  });

  test('keyproof check on both engines: UNKNOWN naming the policy and its holder', async () => {
    for (const engine of ['reference', 'z3']) {
      const { status, out } = await runMain('check', '--world', WORLD_FILE, '--principal', MYSTERY, '--action', 'kms:Decrypt', '--key', KEY, '--engine', engine, '--format', 'json');
      expect(status).toBe(0);
      const answer = JSON.parse(out);
      expect(answer).toMatchObject({ decision: 'UNKNOWN', reason: 'UNKNOWN', unknownPolicies: [{ arn: MADE_UP, attachedTo: MYSTERY, use: 'attached' }] });
      expect(answer.detail).toContain(MADE_UP);
    }
  });
});
