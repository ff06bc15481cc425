/**
 * The audit's per-account section: who can perform each KMS operation that uses no key (kms:CreateKey,
 * kms:ListKeys...) in each account of the world, every entry allowed by the reference evaluator (`check`); the
 * same section from shards merged; rendered in text, and not breaking the other formats.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { audit, auditShard, mergeAuditShards, type AuditResult } from '../../../src/api/audit.js';
import { check, closeEngines } from '../../../src/api/check.js';
import { AUDIT_FORMATS, renderAuditReport } from '../../../src/report/audit/render.js';
import { parseWorld } from '../../../src/world/load.js';
import { A, ADMIN, ALICE, B, BOB, CAROL, DAVE, WORLD_JSON } from '../../fixtures/account-operations-world.js';

afterAll(closeEngines);

const WORLD = parseWorld(WORLD_JSON, 'w.json');
const who = (r: AuditResult, account: string, action: string) =>
  r.accounts!.find((a) => a.account === account)!.operations.find((o) => o.action === action)!.principals;

describe('audit: operations that use no KMS key, per account', () => {
  test('who can create keys and list them in each account, each entry checked by the reference', async () => {
    const r = await audit(WORLD);
    expect(r.complete).toBe(true);
    expect(r.accounts!.map((a) => a.account)).toEqual([A, B]);
    const createInA = who(r, A, 'kms:CreateKey');
    expect(createInA.map((p) => p.principal)).toContain(ALICE);
    expect(createInA.find((p) => p.principal === ALICE)!.conditions).toEqual([expect.stringMatching(/aws:RequestedRegion/)]);
    for (const denied of [BOB, CAROL, DAVE]) expect(createInA.map((p) => p.principal)).not.toContain(denied);
    expect(who(r, A, 'kms:ListKeys').map((p) => p.principal)).toEqual(expect.arrayContaining([ALICE, CAROL]));
    expect(who(r, B, 'kms:CreateKey').find((p) => p.principal === BOB)).toMatchObject({ path: [BOB, ADMIN], via: ['iam-policy'] });
    expect(who(r, B, 'kms:GenerateRandom').map((p) => p.principal)).toContain(BOB);
    for (const account of r.accounts!) {
      for (const op of account.operations) {
        for (const p of op.principals) {
          const answer = await check(WORLD, {
            principal: p.principal, action: op.action, account: account.account, engine: 'reference', transitive: true,
            context: Object.fromEntries(Object.entries(p.example).map(([k, v]) => [k, v.length === 1 ? v[0]! : v])),
          });
          expect(answer.decision, `${p.principal} ${op.action} in ${account.account}`).toBe('ALLOW');
        }
      }
    }
  });

  test('shards merged give the same audit; text lists each account; every format renders', async () => {
    const whole = await audit(WORLD);
    const shards = [0, 1].map(async (index) => ({ source: `shard ${index}`, value: JSON.parse(JSON.stringify(await auditShard(WORLD, { index, count: 2 }))) as unknown }));
    expect(mergeAuditShards(await Promise.all(shards))).toEqual(whole);
    const text = renderAuditReport(whole, 'text', { version: 'test' });
    expect(text).toContain(`account ${A}\n  operations that use no KMS key (resource "*"):\n  GenerateRandom:\n`);
    // The root user needs no policy (nothing allows it but itself).
    expect(text).toContain(`    arn:aws:iam::${A}:root\n`);
    expect(text).toMatch(new RegExp(`CreateKey:\\n(    .*\\n|        if .*\\n)*    ${ALICE}  \\[iam-policy\\]\\n        if .*aws:RequestedRegion`));
    for (const format of AUDIT_FORMATS) expect(renderAuditReport(whole, format, { version: 'test', now: new Date(0) }).length).toBeGreaterThan(0);
  });
});
