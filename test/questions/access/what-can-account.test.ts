/**
 * what-can lists the operations that use no KMS key (kms:ListKeys, kms:CreateKey...: resource `*`,
 * kms-api-permissions-reference.md), allowed by IAM policies alone: the exact operations, the conditions that
 * reach them, the path through roles, and every example allowed by the reference evaluator (`check`).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines } from '../../../src/api/check.js';
import { whatCan } from '../../../src/api/what-can.js';
import { main } from '../../../src/cli/main.js';
import { CapturedOutput } from '../../../src/cli/output.js';
import { ACCOUNT_OPERATIONS } from '../../../src/questions/access/account-access.js';
import type { WhatCanResult } from '../../../src/questions/access/what-can.js';
import { parseWorld } from '../../../src/world/load.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

afterAll(closeEngines);

import { A, ADMIN, ALICE, B, BOB, CAROL, DAVE, WORLD_JSON } from '../../fixtures/account-operations-world.js';

const WORLD = parseWorld(WORLD_JSON, 'w.json');

const actions = (r: WhatCanResult) => r.accountOperations.map((o) => o.action).sort();
const ALL = ACCOUNT_OPERATIONS.map((o) => o.action).sort();

/** Each reported operation, asked of the reference evaluator as `keyproof check --transitive --account` would. */
async function expectExamplesAllowed(r: WhatCanResult): Promise<void> {
  for (const op of r.accountOperations) {
    const answer = await check(WORLD, {
      principal: r.principal, action: op.action, account: op.account, engine: 'reference', transitive: true,
      context: Object.fromEntries(Object.entries(op.example).map(([k, v]) => [k, v.length === 1 ? v[0]! : v])),
    });
    expect(answer.decision, `${r.principal} ${op.action}`).toBe('ALLOW');
  }
}

describe('what-can: operations that use no KMS key', () => {
  test('alice: CreateKey under its Region condition, ListKeys and ListAliases without one', async () => {
    const r = await whatCan(WORLD, { principal: ALICE });
    expect(r.complete).toBe(true);
    expect(actions(r)).toEqual(['kms:CreateKey', 'kms:ListAliases', 'kms:ListKeys']);
    const create = r.accountOperations.find((o) => o.action === 'kms:CreateKey')!;
    expect(create).toMatchObject({ account: A, path: [ALICE], via: ['iam-policy'], example: { 'aws:RequestedRegion': ['us-east-1'] } });
    expect(create.conditions).toEqual([expect.stringMatching(/aws:RequestedRegion.*us-east-1/)]);
    expect(r.accountOperations.find((o) => o.action === 'kms:ListKeys')!.conditions).toEqual([]);
    await expectExamplesAllowed(r);
  });

  test('bob: every one of them through role Admin, in its account', async () => {
    const r = await whatCan(WORLD, { principal: BOB });
    expect(actions(r)).toEqual(ALL);
    for (const op of r.accountOperations) expect(op).toMatchObject({ account: B, path: [BOB, ADMIN] });
    await expectExamplesAllowed(r);
  });

  test('carol: all but CreateKey, which an explicit Deny stops; dave: none (his Resource names keys only)', async () => {
    expect(actions(await whatCan(WORLD, { principal: CAROL }))).toEqual(ALL.filter((a) => a !== 'kms:CreateKey'));
    expect((await whatCan(WORLD, { principal: DAVE })).accountOperations).toEqual([]);
    // The same as check answers, on both engines.
    for (const engine of ['z3', 'reference'] as const) {
      expect((await check(WORLD, { principal: CAROL, action: 'kms:CreateKey', engine })).decision).toBe('DENY');
      expect((await check(WORLD, { principal: DAVE, action: 'kms:ListKeys', engine })).decision).toBe('DENY');
    }
  });

  test('the command prints them in text, and JSON carries them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kp-whatcan-')), 'w.json');
    writeFileSync(file, WORLD_JSON);
    const text = new CapturedOutput();
    expect(await main(['what-can', '--world', file, '--principal', ALICE], text)).toBe(0);
    expect(text.out).toContain('operations that use no KMS key');
    expect(text.out).toMatch(/kms:CreateKey in account 111122223333 {2}\[iam-policy\]\n {6}if .*aws:RequestedRegion/);
    const json = new CapturedOutput();
    expect(await main(['what-can', '--world', file, '--principal', DAVE, '--format', 'json'], json)).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ principal: DAVE, accountOperations: [] });
  });
});
