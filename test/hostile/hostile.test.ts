/**
 * The hostile-input corpus (issue 12, item 7), run through the built CLI (`npm run test:hostile`, not `npm test`):
 * each case ends with its exit code, within its time bound, within a memory cap (a heap limit: exceeding it
 * would crash the process), and never with a stack trace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { HOSTILE_CASES, writeCorpus } from './corpus.js';
import { CRASH, runCli } from './run-cli.js';

const HEAP_MB = 2048;
const only = process.env.KEYPROOF_HOSTILE_ONLY;
const cases = HOSTILE_CASES.filter((c) => !only || c.name.includes(only));
const dir = mkdtempSync(join(tmpdir(), 'keyproof-hostile-'));
const files = writeCorpus(dir, cases);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile inputs', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const run = await runCli([...c.args, '--world', files.get(c.name)!], c.seconds, [`--max-old-space-size=${HEAP_MB}`]);
    const summary = `exit ${run.status} signal ${run.signal} after ${run.seconds.toFixed(1)} s; stderr: ${run.stderr.slice(0, 400)}`;
    expect(run.hung, summary).toBe(false);
    expect(run.signal, summary).toBeNull();
    expect(c.exit, summary).toContain(run.status);
    expect(run.stderr, summary).not.toMatch(CRASH);
    if (c.stderr) expect(run.stderr, summary).toMatch(c.stderr);
  }, 600_000);
});
