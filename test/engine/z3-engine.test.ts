/** The Z3 engine's own contract: UNKNOWN when it cannot decide, and a process that ends when the CLI is done. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines } from '../../src/api/check.js';
import { loadWorld } from '../../src/world/load.js';

const BOB_WORLD = 'examples/seed-bob.yaml';
const request = {
  principal: 'arn:aws:iam::111122223333:user/bob',
  action: 'kms:Decrypt',
  key: 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  transitive: true,
  engine: 'z3' as const,
};

afterAll(closeEngines);

describe('Z3 engine', () => {
  test('a query cut short by its resource limit answers UNKNOWN, never ALLOW or DENY', async () => {
    const world = loadWorld(BOB_WORLD);
    const answer = await check(world, { ...request, resourceLimit: 1 });
    expect(answer.decision).toBe('UNKNOWN');
    expect(answer.reason).toBe('UNKNOWN');
    expect(answer.detail).toMatch(/solver answered unknown/);
  });

  test('the same request with room to work is decided (ALLOW through ExampleRole)', async () => {
    const world = loadWorld(BOB_WORLD);
    const answer = await check(world, request);
    expect(answer).toMatchObject({ decision: 'ALLOW', reason: 'ALLOWED', trusted: true });
  });

  // Z3's worker threads keep Node alive unless the CLI ends them; the built CLI must exit on its own.
  test.skipIf(!existsSync('dist/src/cli/main.js'))('the CLI process exits by itself after a Z3 check', () => {
    const result = spawnSync(process.execPath, ['bin/keyproof.js', 'check', '--world', BOB_WORLD, '--principal', request.principal,
      '--action', request.action, '--key', request.key, '--transitive', '--format', 'json'], { timeout: 80_000, encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).decision).toBe('ALLOW');
  }, 90_000);
});
