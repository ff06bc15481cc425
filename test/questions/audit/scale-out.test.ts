/**
 * `audit --jobs N` and `audit --shard I/N` + `merge` give the same bytes as a plain audit (issue 14): on the
 * example world and on a generated world of 20 keys; and merge refuses parts of other worlds, duplicates and gaps.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { CapturedOutput } from '../../../src/cli/output.js';
import { shardOfKey } from '../../../src/index.js';
import { EXAMPLE_WORLD_FILE } from '../../fixtures/example-world.js';
import { scaleWorld } from '../../fixtures/scale-world.js';

const scratch = mkdtempSync(join(tmpdir(), 'keyproof-scale-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const output = new CapturedOutput();
  const status = await main(argv, output);
  return { status, out: output.out, err: output.err };
}

async function auditJson(world: string, ...flags: string[]): Promise<string> {
  const { status, out, err } = await run('audit', '--world', world, '--format', 'json', ...flags);
  expect(err).toBe('');
  expect(status).toBe(0);
  return out;
}

/** Runs every shard of N into files and returns their paths. */
async function shards(world: string, count: number, name: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(scratch, `${name}-${i}-of-${count}.json`);
    expect((await run('audit', '--world', world, '--shard', `${i}/${count}`, '--jobs', '1', '--out', file)).status).toBe(0);
    files.push(file);
  }
  return files;
}

const generated = join(scratch, 'twenty-keys.json');
writeFileSync(generated, JSON.stringify(scaleWorld(14, 20)));

// Every format renders the same AuditResult; the formats other than JSON are compared on the example world only.
describe.each([
  ['the example world', EXAMPLE_WORLD_FILE, 3, ['html', 'text']],
  ['a generated world of 20 keys', generated, 4, []],
])('%s', (name, world, count, formats) => {
  let plain: string;
  test('--jobs 2 writes the same bytes as --jobs 1', async () => {
    plain = await auditJson(world, '--jobs', '1');
    expect(JSON.parse(plain).keys.length).toBeGreaterThan(1);
    expect(await auditJson(world, '--jobs', '2')).toBe(plain);
  }, 300_000);

  test(`merging its ${count} shards gives the unsharded report, byte for byte`, async () => {
    const parts = await shards(world, count, name.replace(/\W+/g, '-'));
    // Each shard holds the keys whose ARN hashes to it, and no other.
    for (const [i, file] of parts.entries()) {
      const part = JSON.parse(readFileSync(file, 'utf8')) as { keys: Array<{ part: { key: string } }> };
      for (const { part: { key } } of part.keys) expect(shardOfKey(key, count)).toBe(i);
    }
    const merged = await run('merge', ...[...parts].reverse(), '--format', 'json');
    expect(merged.status).toBe(0);
    expect(merged.out).toBe(plain);
    for (const format of formats) {
      const whole = await run('audit', '--world', world, '--format', format, '--jobs', '1');
      expect((await run('merge', ...parts, '--format', format)).out).toBe(whole.out);
    }
  }, 600_000);
});

describe('merge refuses what does not make one audit', () => {
  let parts: string[];
  let other: string[];
  test('parts of two worlds, a shard twice, a missing shard, not a part: exit 2 with the reason', async () => {
    parts = await shards(EXAMPLE_WORLD_FILE, 2, 'example');
    const changed = join(scratch, 'other-world.json');
    const world = scaleWorld(14, 2);
    writeFileSync(changed, JSON.stringify(world));
    other = await shards(changed, 2, 'other');
    const mixed = await run('merge', parts[0]!, other[1]!);
    expect(mixed.status).toBe(2);
    expect(mixed.err).toMatch(/audited different worlds/);
    const twice = await run('merge', parts[0]!, parts[0]!, parts[1]!);
    expect(twice.status).toBe(2);
    expect(twice.err).toMatch(/shard 0\/2 is given twice/);
    const missing = await run('merge', parts[1]!);
    expect(missing.status).toBe(2);
    expect(missing.err).toMatch(/missing shard 0\/2/);
    const notPart = await run('merge', generated);
    expect(notPart.status).toBe(2);
    expect(notPart.err).toMatch(/not a partial audit result/);
    for (const r of [mixed, twice, missing, notPart]) expect(r.err).not.toMatch(/\n\s+at /);
  }, 300_000);

  test('a world edited between shards is refused, even with the same file name', async () => {
    const file = join(scratch, 'edited.json');
    const world = scaleWorld(3, 4);
    writeFileSync(file, JSON.stringify(world));
    const [first] = await shards(file, 2, 'edited-before');
    world.accounts[0]!.users[0]!.tags = { team: 'green' };
    writeFileSync(file, JSON.stringify(world));
    const [, second] = await shards(file, 2, 'edited-after');
    const result = await run('merge', first!, second!);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/different worlds/);
  }, 300_000);

  test('--shard rejects an index outside the shards', async () => {
    const result = await run('audit', '--shard', '3/3');
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/counted from 0/);
  });
});
