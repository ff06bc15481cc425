/**
 * The benchmark's own pieces, on a tiny generated organisation: the generator is deterministic and writes worlds
 * keyproof loads, the request sample mixes what it should, and the peer comparison runs. Nothing about speed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sampleRequests } from '../../benchmarks/bench/requests.js';
import { compareWithPeer, peerRequests } from '../../benchmarks/peer/compare.js';
import { KEY_STATES } from '../../benchmarks/generate/skeleton.js';
import type { GeneratedSize } from '../../benchmarks/generate/sizes.js';
import { WORLD_FILE, writeWorld } from '../../benchmarks/generate/write-world.js';
import { loadWorld } from '../../src/index.js';

const TINY: GeneratedSize = { accounts: 5, principals: 60, keys: 16, externalAccounts: 1 };
const scratch = mkdtempSync(join(tmpdir(), 'keyproof-bench-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesOf(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(directory, path), readFileSync(path, 'utf8'));
    }
  };
  walk(directory);
  return files;
}

describe('the world generator', () => {
  const first = join(scratch, 'a');
  const manifest = writeWorld(first, TINY, 42);

  test('the same seed gives byte-identical files, another seed other files', () => {
    const again = join(scratch, 'b');
    writeWorld(again, TINY, 42);
    expect(filesOf(again)).toEqual(filesOf(first));
    const other = join(scratch, 'c');
    writeWorld(other, TINY, 43);
    expect(filesOf(other).get(WORLD_FILE)).not.toEqual(filesOf(first).get(WORLD_FILE));
  });

  test('writes a world keyproof loads, with the planned identities, keys in every state, and grants', () => {
    const world = loadWorld(join(first, WORLD_FILE));
    const accounts = [...world.accounts.values()];
    expect(accounts).toHaveLength(TINY.accounts);
    expect(accounts.reduce((n, a) => n + a.users.size + a.roles.size, 0)).toBe(manifest.counts.users + manifest.counts.roles);
    expect(world.keys.size).toBe(TINY.keys);
    expect(new Set([...world.keys.values()].map((k) => k.state))).toEqual(new Set(KEY_STATES));
    expect([...world.keys.values()].reduce((n, k) => n + k.grants.length, 0)).toBe(manifest.counts.grants);
    expect(world.organization?.serviceControlPolicies.length).toBeGreaterThanOrEqual(3);
    expect(world.missingManagedPolicies).toEqual([]);
  });

  test('the request sample is seeded and mixes same-account, cross-account and transitive requests', () => {
    const world = loadWorld(join(first, WORLD_FILE));
    const requests = sampleRequests(world, { seed: 1, count: 200, transitiveShare: 0.15 });
    expect(sampleRequests(world, { seed: 1, count: 200, transitiveShare: 0.15 })).toEqual(requests);
    expect(requests.some((r) => r.crossAccount)).toBe(true);
    expect(requests.some((r) => !r.crossAccount)).toBe(true);
    expect(requests.some((r) => r.transitive)).toBe(true);
  });

  test('the peer comparison answers every request and classifies each disagreement', async () => {
    const file = join(first, WORLD_FILE);
    const world = loadWorld(file);
    const requests = sampleRequests(world, { seed: 2, count: 40, transitiveShare: 0.15 });
    const comparison = await compareWithPeer(file, world, requests, 1);
    expect(comparison.requests).toBe(peerRequests(world, requests).length);
    expect(comparison.requests).toBeGreaterThan(0);
    expect(comparison.agreements + comparison.disagreements.length).toBe(comparison.requests);
    for (const d of comparison.disagreements) expect(d.classification.explanation).not.toBe('');
  });
});
