/**
 * Issue 12, item 6: `--out` writes only regular files that are not the command's inputs, whole or not at all, and
 * leaves no temporary file behind; every text written to a terminal or a log has its control characters escaped.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput, escapeControls } from '../../src/cli/output.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'keyproof-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WORLD = `keys:\n  - arn: arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n    policy:\n      Statement:\n        - Effect: Allow\n          Principal: { AWS: "arn:aws:iam::111122223333:root" }\n          Action: kms:*\n          Resource: "*"\n`;

function writeError(output: CapturedOutput, out: string): InputError {
  try {
    output.result('report\n', out);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('the file was written');
}

const leftovers = (d: string) => readdirSync(d).filter((name) => name.includes('.keyproof-'));

describe('--out', () => {
  test('refuses the world file (also through another spelling of its path), before any work', async () => {
    const world = join(dir, 'world.yaml');
    writeFileSync(world, WORLD);
    for (const out of [world, join(dir, '.', 'sub', '..', 'world.yaml')]) {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      const output = new CapturedOutput();
      expect(await main(['audit', '--world', world, '--out', out], output)).toBe(2);
      expect(output.err).toMatch(/it is an input file of this command/);
      expect(readFileSync(world, 'utf8')).toBe(WORLD);
    }
  });

  test('refuses every file the world is read from: a `$file` target, also through a symbolic link (issue 12.6)', async () => {
    const sub = join(dir, 'split');
    mkdirSync(join(sub, 'keys'), { recursive: true });
    const policy = '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}\n';
    writeFileSync(join(sub, 'keys', 'policy.json'), policy);
    symlinkSync(join(sub, 'keys', 'policy.json'), join(sub, 'linked.json'));
    const world = join(sub, 'world.yaml');
    writeFileSync(world, 'keys:\n  - arn: arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n    policy: { $file: keys/policy.json }\n');
    for (const out of [join(sub, 'keys', 'policy.json'), join(sub, 'linked.json')]) {
      const output = new CapturedOutput();
      expect(await main(['audit', '--world', world, '--out', out], output)).toBe(2);
      expect(output.err).toMatch(/it is an input file of this command/);
      expect(readFileSync(join(sub, 'keys', 'policy.json'), 'utf8')).toBe(policy);
    }
  });

  test('merge refuses to write over one of its parts', async () => {
    const part = join(dir, 'part.json');
    writeFileSync(part, '{}');
    const output = new CapturedOutput();
    expect(await main(['merge', part, '--out', part], output)).toBe(2);
    expect(output.err).toMatch(/it is an input file of this command/);
    expect(readFileSync(part, 'utf8')).toBe('{}');
  });

  test('refuses devices and directories, and leaves no temporary file', () => {
    const output = new CapturedOutput();
    expect(writeError(output, '/dev/null').expected).toMatch(/not a regular file/);
    expect(existsSync('/dev/null')).toBe(true);
    expect(writeError(output, dir).expected).toMatch(/not a regular file/);
    expect(leftovers(dir)).toEqual([]);
  });

  test('a failed write leaves no temporary file; a good one replaces the file whole', () => {
    const output = new CapturedOutput();
    expect(writeError(output, join(dir, 'missing-dir', 'report.txt')).expected).toMatch(/cannot write the file \(ENOENT\)/);
    const report = join(dir, 'report.txt');
    writeFileSync(report, 'old');
    output.result('new \u001b]0;title\u0007\n', report);
    expect(readFileSync(report, 'utf8')).toBe('new \\u001b]0;title\\u0007\n');
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('control characters', () => {
  test('are escaped, newline and tab kept; SGR colours only when asked', () => {
    expect(escapeControls('a\u001b[2Jb\u0007c\rd\u009be\u007f\n\tf')).toBe('a\\u001b[2Jb\\u0007c\\u000dd\\u009be\\u007f\n\tf');
    expect(escapeControls('\u001b[31mred\u001b[39m \u001b]0;x\u0007', true)).toBe('\u001b[31mred\u001b[39m \\u001b]0;x\\u0007');
  });

  test('an error message quoting a field name holding ESC reaches stderr escaped', async () => {
    const world = join(dir, 'esc.yaml');
    writeFileSync(world, `accounts:\n  - id: "111122223333"\n    "\\e[2J\\e]0;pwned\\a": 1\n`);
    const output = new CapturedOutput();
    expect(await main(['ir', '--world', world], output)).toBe(2);
    expect(output.err).toContain('\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(output.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
