/**
 * The idiom corpus (test/golden/idioms/*.yaml, issue 11): policy texts that real estates run, each taken from an AWS
 * page or an AWS sample whose address the case gives (`sources`), with the answers the AWS documentation states
 * (each request and each who-can expectation cites its page in `doc`). Every request is checked by `check` on
 * both engines; every `whoCan` expectation by `who-can` and by the `audit` table of the same world, which must
 * list exactly the identities (and classes) expected, no more and no fewer. A failure names the file, the request
 * and the command that reruns it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { audit, check, closeEngines, whoCan, type AuditResult, type Engine } from '../../src/index.js';
import { loadWorld } from '../../src/world/load.js';

interface IdiomRequest {
  name: string;
  principal: string;
  action: string;
  key: string;
  context?: Record<string, string | string[]>;
  transitive?: boolean;
  doc: string;
  expect: { decision: string; reason?: string; path?: string[] };
  /** A part of a sentence the answer's `assumptions` must contain (e.g. a `--context` value it could not use). */
  assumes?: string;
}

interface WhoCanExpectation {
  key: string;
  action: string;
  doc: string;
  /** Exactly the identities of the world that can (themselves or through roles). */
  principals: string[];
  /** Exactly the classes of principals outside the world that can (their values), when given. */
  classes?: string[];
}

interface Idiom {
  description: string;
  sources: string[];
  world: unknown;
  requests: IdiomRequest[];
  whoCan?: WhoCanExpectation[];
}

const dir = join(import.meta.dirname, 'idioms');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const scratch = mkdtempSync(join(tmpdir(), 'keyproof-idioms-'));
const ENGINES: Engine[] = ['reference', 'z3'];
/** Per solver question: generous, so that a loaded machine does not turn an answer into "undecided". */
const TIMEOUT_MS = 60_000;

const contextPairs = (context: IdiomRequest['context']) =>
  Object.entries(context ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((value) => `${k}=${value}`));

afterAll(closeEngines);

test('every idiom cites an AWS source', () => {
  for (const file of files) {
    const idiom = parse(readFileSync(join(dir, file), 'utf8')) as Idiom;
    expect(idiom.sources.length, file).toBeGreaterThan(0);
    for (const source of idiom.sources) expect(source, file).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|github\.com\/(aws-samples|awsdocs))\//);
  }
});

for (const file of files) {
  describe(file, () => {
    const idiom = parse(readFileSync(join(dir, file), 'utf8')) as Idiom;
    const worldFile = join(scratch, file.replace(/\.yaml$/, '.world.json'));
    writeFileSync(worldFile, JSON.stringify(idiom.world, null, 2));
    const world = loadWorld(worldFile);
    for (const request of idiom.requests) {
      test.each(ENGINES)(`%s: ${request.name} [${request.doc}]`, async (engine) => {
        const answer = await check(world, {
          principal: request.principal, action: request.action, key: request.key,
          context: contextPairs(request.context), transitive: request.transitive ?? false, engine,
        });
        const rerun = `npx keyproof check --engine ${engine} --world ${worldFile} --principal ${request.principal} --action ${request.action} --key ${request.key}`
          + contextPairs(request.context).map((p) => ` --context '${p}'`).join('') + (request.transitive ? ' --transitive' : '');
        expect({ decision: answer.decision, reason: answer.reason, path: answer.path }, `rerun: ${rerun}`).toMatchObject(request.expect);
        if (request.assumes) expect(answer.assumptions ?? [], `rerun: ${rerun}`).toContainEqual(expect.stringContaining(request.assumes));
      });
    }
    if (!idiom.whoCan?.length) return;
    let table: AuditResult;
    beforeAll(async () => { table = await audit(world, { timeoutMs: TIMEOUT_MS }); }, 600_000);
    for (const expected of idiom.whoCan) {
      const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();
      test(`who-can ${expected.action} [${expected.doc}]`, async () => {
        const answer = await whoCan(world, { key: expected.key, action: expected.action, timeoutMs: TIMEOUT_MS });
        const rerun = `rerun: npx keyproof who-can --world ${worldFile} --key ${expected.key} --action ${expected.action}`;
        expect(answer.complete, rerun).toBe(true);
        expect(sorted(answer.principals.map((p) => p.arn)), rerun).toEqual(sorted(expected.principals));
        if (expected.classes) expect(sorted(answer.classes.map((c) => c.value)), rerun).toEqual(sorted(expected.classes));
      }, 600_000);
      test(`audit ${expected.action} [${expected.doc}]`, () => {
        const rerun = `rerun: npx keyproof audit --world ${worldFile}`;
        expect(table.complete, rerun).toBe(true);
        const rows = table.keys.find((k) => k.key === expected.key)!.groups.flatMap((g) => g.access).filter((a) => a.operations.includes(expected.action));
        expect(sorted(rows.filter((r) => r.origin === 'world').map((r) => r.principal)), rerun).toEqual(sorted(expected.principals));
        if (expected.classes) expect(sorted(rows.filter((r) => r.origin !== 'world').map((r) => r.principal)), rerun).toEqual(sorted(expected.classes));
      });
    }
  });
}
