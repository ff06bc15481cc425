/**
 * `what-can` on examples/world.yaml: the exact keys and operations a principal reaches, reasoned from the policies;
 * agreement with who-can; every example allowed by the reference evaluator; and the command line.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { whatCan } from '../../../src/api/what-can.js';
import { whoCan } from '../../../src/api/who-can.js';
import { main } from '../../../src/cli/main.js';
import { CapturedOutput } from '../../../src/cli/output.js';
import type { WhatCanResult } from '../../../src/questions/access/what-can.js';
import { loadWorld } from '../../../src/world/load.js';
import { examplePairs, referenceAllows } from '../brute-force.js';
import { APP_KEY_ARN, APP_ROLE, BATCH_ROLE, BOB, DEPLOYER, DEV_KEY, EXAMPLE_WORLD_FILE } from '../../fixtures/example-world.js';

afterAll(closeEngines);

const WORLD_FILE = EXAMPLE_WORLD_FILE;
const WORLD = loadWorld(WORLD_FILE);
const APP_KEY = APP_KEY_ARN;

const actionsOn = (r: WhatCanResult, key: string) => r.keys.find((k) => k.key === key)?.operations.map((o) => o.action).sort();
const operation = (r: WhatCanResult, key: string, action: string) => r.keys.find((k) => k.key === key)!.operations.find((o) => o.action === action)!;

/** Every operation's example, asked of the reference evaluator as `keyproof check --transitive` would. */
function expectExamplesAllowed(r: WhatCanResult): void {
  for (const k of r.keys) {
    for (const op of k.operations) {
      expect(referenceAllows(WORLD, { key: k.key, action: op.action }, r.principal, examplePairs(op.example)), `${op.action} on ${k.key}`).toBe(true);
    }
  }
}

describe('what-can on examples/world.yaml', () => {
  test('user bob: the dev key through his group, the app key through Deployer -> AppRole', async () => {
    const r = await whatCan(WORLD, { principal: BOB });
    expect(r).toMatchObject({ principal: BOB, complete: true, undecided: [] });
    expect(r.keys.map((k) => k.key)).toEqual([DEV_KEY, APP_KEY]);
    expect(r.keys.map((k) => k.aliases)).toEqual([['alias/dev-key'], ['alias/app-key']]);
    // DevKeyUse (group developers) allows Encrypt, Decrypt, GenerateDataKey, DescribeKey on the dev key, and the
    // key policy lets account 111122223333 do all four: bob's own identity suffices.
    expect(actionsOn(r, DEV_KEY)).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    expect(operation(r, DEV_KEY, 'kms:Decrypt')).toMatchObject({ path: [BOB], via: ['key-policy', 'iam-policy'], conditions: [] });
    // AppRole's UseAppKey (Decrypt, GenerateDataKey*) meets the key policy's statement for AppRole (Decrypt,
    // GenerateDataKey*, DescribeKey): Decrypt and the four GenerateDataKey operations, not DescribeKey.
    expect(actionsOn(r, APP_KEY)).toEqual([
      'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext',
      'kms:GenerateDataKeyWithoutPlaintext',
    ]);
    for (const op of r.keys[1]!.operations) expect(op.path).toEqual([BOB, DEPLOYER, APP_ROLE]);
    expectExamplesAllowed(r);
  });

  test('agrees with who-can on the same (key, operation)', async () => {
    const r = await whatCan(WORLD, { principal: BOB });
    const who = await whoCan(WORLD, { key: APP_KEY, action: 'kms:Decrypt' });
    const entry = who.principals.find((p) => p.arn === BOB)!;
    const { action: _action, ...fromWhatCan } = operation(r, APP_KEY, 'kms:Decrypt');
    expect(fromWhatCan).toEqual({ via: entry.via, conditions: entry.conditions, requires: entry.requires, path: entry.path, example: entry.example });
  });

  test('role BatchRole: the app key through the grant, under its encryption-context constraint', async () => {
    const r = await whatCan(WORLD, { principal: BATCH_ROLE });
    expect(r.keys.map((k) => k.key)).toEqual([APP_KEY]);
    // The grant gives Decrypt and DescribeKey; BatchRole has no IAM policy of its own.
    expect(actionsOn(r, APP_KEY)).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect(operation(r, APP_KEY, 'kms:Decrypt')).toMatchObject({ via: ['grant'], path: [BATCH_ROLE], conditions: ['encryption context Department = Finance'] });
    expect(operation(r, APP_KEY, 'kms:Decrypt').example).toMatchObject({ 'kms:EncryptionContext:Department': ['Finance'] });
    expectExamplesAllowed(r);
  });

  test('user intern: nothing, since the NoKms permissions boundary allows no kms action', async () => {
    const r = await whatCan(WORLD, { principal: 'arn:aws:iam::111122223333:user/intern' });
    expect(r).toEqual({ principal: 'arn:aws:iam::111122223333:user/intern', keys: [], accountOperations: [], complete: true, undecided: [] });
  });
});

describe('keyproof what-can', () => {
  async function run(...argv: string[]) {
    const output = new CapturedOutput();
    const status = await main(argv, output);
    return { status, out: output.out, err: output.err };
  }

  test('text: each key with its aliases, each operation with the roles it goes through', async () => {
    const { status, out } = await run('what-can', '--world', WORLD_FILE, '--principal', BATCH_ROLE);
    expect(status).toBe(0);
    expect(out).toContain(`what can ${BATCH_ROLE} do`);
    expect(out).toContain(`${APP_KEY} (alias/app-key)`);
    expect(out).toMatch(/kms:Decrypt {2}\[grant\]\n\s+if encryption context Department = Finance/);
  });

  test('json: the object whatCan returns', async () => {
    const { status, out } = await run('what-can', '--world', WORLD_FILE, '--principal', BOB, '--format', 'json');
    expect(status).toBe(0);
    const answer = JSON.parse(out) as WhatCanResult;
    expect(answer.principal).toBe(BOB);
    expect(operation(answer, APP_KEY, 'kms:Decrypt').path).toEqual([BOB, DEPLOYER, APP_ROLE]);
  });

  test('a principal the world does not have is bad input (exit 2)', async () => {
    const { status, err } = await run('what-can', '--world', WORLD_FILE, '--principal', 'arn:aws:iam::111122223333:user/nobody');
    expect(status).toBe(2);
    expect(err).toContain("no user 'arn:aws:iam::111122223333:user/nobody'");
  });
});
