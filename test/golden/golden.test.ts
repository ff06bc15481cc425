/**
 * Golden conformance cases (test/golden/cases/*.yaml): each file is one scenario from the AWS documentation,
 * with requests and the answers the documentation gives. The reference evaluator must give the same answers.
 * A failure names the case file and the request, and the `keyproof check` command that reruns it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { check, closeEngines, type Engine } from '../../src/api/check.js';
import { loadWorld } from '../../src/world/load.js';

interface GoldenRequest {
  name: string;
  principal: string;
  action: string;
  /** Absent for an operation that uses no key (kms:ListKeys...), asked in `account` (default: the caller's). */
  key?: string;
  account?: string;
  context?: Record<string, string | string[]>;
  transitive?: boolean;
  doc: string;
  expect: {
    decision: string;
    reason?: string;
    trusted?: boolean;
    path?: string[];
    matched?: Array<{ source: string; policy?: string; sid?: string; effect?: string }>;
  };
}

const casesDir = join(import.meta.dirname, 'cases');
const files = readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort();
const scratch = mkdtempSync(join(tmpdir(), 'keyproof-golden-'));

function contextPairs(context: GoldenRequest['context']): string[] {
  return Object.entries(context ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((value) => `${k}=${value}`));
}

function rerunCommand(engine: Engine, worldFile: string, r: GoldenRequest): string {
  const ctx = contextPairs(r.context).map((p) => ` --context '${p}'`).join('');
  const on = `${r.key !== undefined ? ` --key ${r.key}` : ''}${r.account !== undefined ? ` --account ${r.account}` : ''}`;
  return `npx keyproof check --engine ${engine} --world ${worldFile} --principal ${r.principal} --action ${r.action}${on}${ctx}${r.transitive ? ' --transitive' : ''}`;
}

test('there are at least 80 golden requests', () => {
  const total = files.reduce((n, f) => n + (parse(readFileSync(join(casesDir, f), 'utf8')) as { requests: unknown[] }).requests.length, 0);
  expect(total).toBeGreaterThanOrEqual(80);
});

afterAll(closeEngines);

const ENGINES: Engine[] = ['reference', 'z3'];

for (const file of files) {
  describe(file, () => {
    const scenario = parse(readFileSync(join(casesDir, file), 'utf8')) as { world: unknown; requests: GoldenRequest[] };
    // The world is written out on its own so that the loader reads it as a user's world file.
    const worldFile = join(scratch, file.replace(/\.yaml$/, '.world.json'));
    writeFileSync(worldFile, JSON.stringify(scenario.world, null, 2));
    const world = loadWorld(worldFile);
    for (const request of scenario.requests) {
      test.each(ENGINES)(`%s: ${request.name} [${request.doc}]`, async (engine) => {
        const answer = await check(world, {
          principal: request.principal, action: request.action,
          ...(request.key !== undefined ? { key: request.key } : {}), ...(request.account !== undefined ? { account: request.account } : {}),
          context: contextPairs(request.context), transitive: request.transitive ?? false, engine,
        });
        const got = { decision: answer.decision, reason: answer.reason, trusted: answer.trusted, path: answer.path };
        const want: Record<string, unknown> = { decision: request.expect.decision };
        if (request.expect.reason !== undefined) want.reason = request.expect.reason;
        if (request.expect.trusted !== undefined) want.trusted = request.expect.trusted;
        if (request.expect.path !== undefined) want.path = request.expect.path;
        const message = `rerun: ${rerunCommand(engine, worldFile, request)}`;
        expect(got, message).toMatchObject(want);
        for (const m of request.expect.matched ?? []) {
          expect(answer.matched, message).toContainEqual(expect.objectContaining(m));
        }
      });
    }
  });
}
