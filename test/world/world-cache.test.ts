/**
 * The parsed-world cache (src/world/world-cache.ts, KEYPROOF_WORLD_CACHE): a hit gives the same world as a load
 * (content hash, warnings, locations); editing any file the load read, including one reached by `$file`, is seen;
 * an unreadable entry is ignored and written again.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadWorld } from '../../src/world/load.js';
import { cachedWorld } from '../../src/world/world-cache.js';
import { worldContentHash } from '../../src/world/content-hash.js';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const policy = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: action, Resource: '*' }] });

function worldDir(): { dir: string; world: string; policyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keyproof-world-cache-'));
  const world = join(dir, 'world.json');
  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, policy('kms:Decrypt'));
  writeFileSync(world, JSON.stringify({ accounts: [{ id: '111122223333' }], keys: [{ arn: KEY, policy: { $file: 'policy.json' }, grants: [] }] }, null, 2));
  return { dir, world, policyFile };
}

test('a hit is the world as loaded; an edit of a referenced file is seen; a broken entry is replaced', () => {
  const { dir, world, policyFile } = worldDir();
  const cache = join(dir, 'cache');
  let loads = 0;
  const load = () => { loads++; return loadWorld(world); };
  const first = cachedWorld(cache, world, load).world;
  const again = cachedWorld(cache, world, load).world;
  expect(loads).toBe(1);
  expect(worldContentHash(again)).toBe(worldContentHash(first));
  expect(again.keys.get(KEY)!.policy.document.statements[0]!.location).toEqual(first.keys.get(KEY)!.policy.document.statements[0]!.location);
  expect(again.warnings).toEqual(first.warnings);

  writeFileSync(policyFile, policy('kms:Encrypt'));
  const edited = cachedWorld(cache, world, load).world;
  expect(loads).toBe(2);
  expect(edited.keys.get(KEY)!.policy.document.statements[0]!.action).toEqual(['kms:Encrypt']);
  expect(worldContentHash(edited)).toBe(worldContentHash(loadWorld(world)));

  for (const entry of readdirSync(cache)) writeFileSync(join(cache, entry), 'not a v8 value');
  const rebuilt = cachedWorld(cache, world, load).world;
  expect(loads).toBe(3);
  expect(worldContentHash(rebuilt)).toBe(worldContentHash(edited));
  cachedWorld(cache, world, load).world;
  expect(loads).toBe(3);
});
