/**
 * The package ships its TypeScript types (issue 17 item 7): package.json points "types" and "exports" at the built
 * declarations, and a consumer program (test/fixtures/consumer/consumer.mts) that imports 'keyproof' type-checks
 * against them with tsc, while misuses (misuse.mts) are rejected, one error per marked line. Needs `npm run build`
 * (run by `npm test`'s pretest).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const TSC = 'node_modules/typescript/bin/tsc';
const FIXTURES = 'test/fixtures/consumer';

/** The options a strict ESM consumer would use; the package is found by its name, through package.json "exports". */
const CONSUMER_OPTIONS = ['--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--strict', '--noEmit', '--types', 'node', '--skipLibCheck', '--pretty', 'false'];

/** One tsc run over both programs (tsc takes a while to start): its errors, each naming its file. */
let checked: Promise<{ status: number; out: string }> | undefined;
function typeCheck(): Promise<{ status: number; out: string }> {
  checked ??= runTsc();
  return checked;
}

async function runTsc(): Promise<{ status: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [TSC, ...CONSUMER_OPTIONS, `${FIXTURES}/consumer.mts`, `${FIXTURES}/misuse.mts`]);
    return { status: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { status: e.code, out: e.stdout };
  }
}

describe('the shipped TypeScript declarations', () => {
  test('package.json names the built declarations, which export the result types', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.types).toBe('dist/src/index.d.ts');
    expect(pkg.exports['.'].types).toBe('./dist/src/index.d.ts');
    expect(pkg.files).toContain('dist');
    const declarations = readFileSync('dist/src/index.d.ts', 'utf8');
    for (const name of ['CheckAnswer', 'WhoCanResult', 'WhatCanResult', 'AuditResult', 'Finding', 'DiffResult', 'QueryAnswer', 'RequestContextInput', 'RequestContextValue', 'WhyNotChange', 'InputError']) {
      expect(declarations, name).toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect(existsSync('dist/src/api/check.d.ts')).toBe(true);
  });

  test('npm pack ships the declarations', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { maxBuffer: 64 * 1024 * 1024 });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    for (const path of ['dist/src/index.d.ts', 'dist/src/index.js', 'dist/src/answer.d.ts', 'dist/src/api/check.d.ts']) expect(files, path).toContain(path);
  }, 120_000);

  test('a consumer program type-checks against them', async () => {
    const { out } = await typeCheck();
    expect(out).not.toMatch(/consumer\.mts/);
    expect(out).toMatch(/misuse\.mts/);
  }, 120_000);

  test('misuses are type errors, one per marked line', async () => {
    const { status, out } = await typeCheck();
    expect(status).not.toBe(0);
    const marked = readFileSync(`${FIXTURES}/misuse.mts`, 'utf8').split('\n').flatMap((line, i) => (line.endsWith('// error') ? [i + 1] : []));
    const errorLines = [...new Set([...out.matchAll(/misuse\.mts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
    expect(errorLines).toEqual(marked);
  }, 120_000);
});
