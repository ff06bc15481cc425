/**
 * `audit --cache` (issue 14): after random edits to a world (key policies, IAM policies, tags, trust policies,
 * SCPs, new identities), the audit with the cache equals a full audit without it; one key policy edit asks that
 * key only; an unreadable cache entry is ignored with a warning and answered again. Seeded: a failure prints the
 * seed and the edits, and KEYPROOF_CACHE_SEED=<seed> reruns them.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { auditWithStats, closeEngines, parseWorld } from '../../../src/index.js';
import { prng, randomEdit, scaleWorld, type WorldData } from '../../fixtures/scale-world.js';

const scratch = mkdtempSync(join(tmpdir(), 'keyproof-cache-'));
afterAll(async () => { rmSync(scratch, { recursive: true, force: true }); await closeEngines(); });

const SEED = Number(process.env.KEYPROOF_CACHE_SEED ?? 20240614);
const EDITS = 6;
const FILE = 'cache-world.json';

const load = (data: WorldData) => parseWorld(JSON.stringify(data, null, 1), FILE);

describe('audit --cache', () => {
  test(`incremental audits equal full audits after ${EDITS} random edits (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const data = scaleWorld(SEED, 5);
    const cacheDir = join(scratch, 'random');
    const edits: string[] = [];
    for (let step = 0; step <= EDITS; step++) {
      if (step > 0) edits.push(randomEdit(data, random));
      const world = load(data);
      const warnings: string[] = [];
      const incremental = await auditWithStats(world, { cacheDir, onWarning: (w) => warnings.push(w) });
      const full = await auditWithStats(load(data), {});
      const context = `seed ${SEED} (rerun: KEYPROOF_CACHE_SEED=${SEED}), after the edits:\n${edits.map((e, i) => `  ${i + 1}. ${e}`).join('\n')}`;
      expect(JSON.stringify(incremental.result), context).toBe(JSON.stringify(full.result));
      expect(warnings, context).toEqual([]);
      expect(full.stats.asked).toBe(5);
    }
  }, 300_000);

  test('after one key policy edit, only that key is asked again', async () => {
    const data = scaleWorld(7, 4);
    const cacheDir = join(scratch, 'one-edit');
    const first = await auditWithStats(load(data), { cacheDir });
    expect(first.stats).toEqual({ keys: 4, cached: 0, asked: 4 });
    expect((await auditWithStats(load(data), { cacheDir })).stats).toEqual({ keys: 4, cached: 4, asked: 0 });
    // A statement in the middle of the file: the keys after it move down, and their cached answers move with them.
    const edited = data.keys.findIndex((k) => k.state === undefined);
    data.keys[edited]!.policy.Statement.push({ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' });
    const after = await auditWithStats(load(data), { cacheDir });
    expect(after.stats).toEqual({ keys: 4, cached: 3, asked: 1 });
    expect(JSON.stringify(after.result.keys[edited])).not.toBe(JSON.stringify(first.result.keys[edited]));
    expect(JSON.stringify(after.result)).toBe(JSON.stringify((await auditWithStats(load(data), {})).result));
  }, 300_000);

  test('an unreadable cache entry is answered again, with a warning', async () => {
    const data = scaleWorld(9, 2);
    const cacheDir = join(scratch, 'corrupt');
    const first = await auditWithStats(load(data), { cacheDir });
    const entries = readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
    expect(entries).toHaveLength(2);
    writeFileSync(join(cacheDir, entries[0]!), '{"format": "keyproof-audit-cache-entry", "hash": "tor');
    const warnings: string[] = [];
    const again = await auditWithStats(load(data), { cacheDir, onWarning: (w) => warnings.push(w) });
    expect(again.stats).toEqual({ keys: 2, cached: 1, asked: 1 });
    expect(warnings).toEqual([expect.stringMatching(/ignoring the unreadable cache entry .*; asking again/)]);
    expect(JSON.stringify(again.result)).toBe(JSON.stringify(first.result));
    // The entry was written again, whole.
    expect((await auditWithStats(load(data), { cacheDir })).stats.cached).toBe(2);
  }, 300_000);
});
