/** The world directory writer: identifiers from AWS cannot escape the directory, and a failed write leaves the previous world. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stableJson } from '../../src/world/collect/stable-json.js';
import { COLLECT_MARKER, StagedDirectory } from '../../src/world/collect/staged-directory.js';

function previousWorld(): { parent: string; target: string } {
  const parent = mkdtempSync(join(tmpdir(), 'keyproof-staged-'));
  const target = join(parent, 'world');
  const first = new StagedDirectory(target);
  first.write(['world.yaml'], 'keys: []\n');
  first.write([COLLECT_MARKER], '{}\n');
  first.commit();
  return { parent, target };
}

describe('StagedDirectory', () => {
  test('an identifier that would name a path outside the directory is refused', () => {
    const { target } = previousWorld();
    const staged = new StagedDirectory(target);
    for (const bad of ['..', '../escape', 'a/b', '', '.hidden/..']) expect(() => staged.write(['accounts', bad, 'x.json'], '{}')).toThrow(/unexpected identifier/);
    staged.abandon();
  });

  test('abandoned midway, the previous world is untouched and the staging directory removed', () => {
    const { parent, target } = previousWorld();
    const staged = new StagedDirectory(target);
    staged.write(['world.yaml'], 'keys: [half]\n');
    staged.abandon();
    expect(readFileSync(join(target, 'world.yaml'), 'utf8')).toBe('keys: []\n');
    expect(readdirSync(parent)).toEqual(['world']);
  });

  test('committed, the new world replaces the previous one whole', () => {
    const { parent, target } = previousWorld();
    const staged = new StagedDirectory(target);
    staged.write(['accounts', '111122223333', 'iam', 'a.json'], '{}\n');
    staged.write([COLLECT_MARKER], '{}\n');
    staged.commit();
    expect(existsSync(join(target, 'world.yaml'))).toBe(false);
    expect(existsSync(join(target, 'accounts', '111122223333', 'iam', 'a.json'))).toBe(true);
    expect(readdirSync(parent)).toEqual(['world']);
  });
});

describe('stableJson', () => {
  test('drops the SDK metadata, sorts keys and resources, writes dates as ISO 8601', () => {
    const output = {
      $metadata: { requestId: 'r-1', attempts: 2 },
      Keys: [{ KeyId: 'b', KeyArn: 'arn:b' }, { KeyArn: 'arn:a', KeyId: 'a' }],
      CreationDate: new Date('2024-01-02T03:04:05Z'),
      Operations: ['Encrypt', 'Decrypt'],
    };
    expect(stableJson(output)).toBe(`${JSON.stringify({
      CreationDate: '2024-01-02T03:04:05.000Z',
      Keys: [{ KeyArn: 'arn:a', KeyId: 'a' }, { KeyArn: 'arn:b', KeyId: 'b' }],
      Operations: ['Encrypt', 'Decrypt'],
    }, null, 2)}\n`);
  });
});
