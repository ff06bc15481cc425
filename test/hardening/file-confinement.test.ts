/**
 * Issue 12, item 1: a world's `$file` references stay inside the world's directory tree (after following symbolic
 * links), read only regular UTF-8 files of bounded size, and never quote what lies outside.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import { InputError } from '../../src/errors.js';
import { loadWorld } from '../../src/world/load.js';

const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SECRET = 'TOP-SECRET-VALUE-42';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
});

const base = mkdtempSync(join(tmpdir(), 'keyproof-file-refs-'));
const worldDir = join(base, 'world');
const outside = join(base, 'outside');
mkdirSync(join(worldDir, 'policies'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(outside, 'secret.txt'), `${SECRET}\n`);
writeFileSync(join(outside, 'policy.json'), POLICY);
writeFileSync(join(worldDir, 'policies', 'key.json'), POLICY);
writeFileSync(join(worldDir, 'policies', 'plain.txt'), `${SECRET} is plain text\n`);
writeFileSync(join(worldDir, 'policies', 'latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
symlinkSync(join(outside, 'secret.txt'), join(worldDir, 'policies', 'link-out.json'));
symlinkSync(outside, join(worldDir, 'vendor'));
symlinkSync(join(worldDir, 'policies', 'key.json'), join(worldDir, 'link-in.json'));
execFileSync('mkfifo', [join(worldDir, 'policies', 'pipe.json')]);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A world file in the world directory whose one key policy is `{ $file: ref }`. */
function worldReferencing(ref: string, name = 'world.yaml'): string {
  const file = join(worldDir, name);
  writeFileSync(file, `keys:\n  - arn: ${KEY}\n    policy: { $file: ${JSON.stringify(ref)} }\n`);
  return file;
}

function loadError(file: string, fileRoots: string[] = []): InputError {
  try {
    loadWorld(file, { fileRoots });
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('the world loaded');
}

describe('$file stays inside the world', () => {
  test.each([
    ['a path with ..', '../outside/policy.json', /must be relative to this file and stay inside the world's directory/],
    ['an absolute path', join(outside, 'policy.json'), /must be relative to this file and stay inside the world's directory/],
    ['a symbolic link to a file outside', 'policies/link-out.json', /leads outside the world's directory/],
    ['a path through a linked directory outside', 'vendor/secret.txt', /leads outside the world's directory/],
    ['a FIFO (reading it would block)', 'policies/pipe.json', /it is a pipe, not a regular file/],
    ['a directory', 'policies', /it is a directory/],
    ['plain text, not a document', 'policies/plain.txt', /holds plain text, not a JSON or YAML document/],
    ['bytes that are not UTF-8', 'policies/latin1.json', /not UTF-8 text/],
  ])('%s is refused, at the reference, quoting nothing of the target', (_, ref, message) => {
    const error = loadError(worldReferencing(ref));
    expect(error.location?.pointer).toBe('/keys/0/policy/$file');
    expect(error.expected).toMatch(message);
    expect(error.message).not.toContain(SECRET);
  });

  test('links and paths that stay inside the tree are read', () => {
    expect(loadWorld(worldReferencing('link-in.json')).keys.size).toBe(1);
    expect(loadWorld(worldReferencing('policies/key.json')).keys.size).toBe(1);
  });

  test('--allow-file-root admits another directory (reached through a link)', () => {
    const file = worldReferencing('vendor/policy.json');
    expect(loadError(file).expected).toMatch(/leads outside/);
    expect(loadWorld(file, { fileRoots: [outside] }).keys.size).toBe(1);
  });

  test('the CLI exits 2 and prints none of the target, with or without the option on other commands', async () => {
    const file = worldReferencing('policies/link-out.json');
    for (const argv of [
      ['ir', '--world', file],
      ['check', '--world', file, '--principal', 'arn:aws:iam::111122223333:root', '--action', 'kms:Decrypt', '--key', KEY, '--allow-file-root', worldDir],
    ]) {
      const output = new CapturedOutput();
      expect(await main(argv, output)).toBe(2);
      expect(output.err).toMatch(/leads outside the world's directory/);
      expect(output.err + output.out).not.toContain(SECRET);
    }
  });
});
