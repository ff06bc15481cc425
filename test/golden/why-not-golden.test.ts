/**
 * Why not over every denied golden request (test/golden/cases): each alternative given is allowed by both engines
 * once its changes are made, and has no change to spare; at most three are given; and a request for which no change is
 * found says what stands in the way (whyNotLimits). Golden cases may pin the alternatives with `expect.whyNot` (each
 * alternative as its change kinds, sorted and joined with '+').
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { check, closeEngines } from '../../src/api/check.js';
import { buildKmsRequest } from '../../src/request/kms-request.js';
import { parseWorld } from '../../src/world/load.js';
import { expectAllowingAndMinimal } from '../questions/why-not/check-changes.js';

interface GoldenRequest {
  name: string;
  principal: string;
  action: string;
  key?: string;
  context?: Record<string, string | string[]>;
  transitive?: boolean;
  expect: { decision: string; whyNot?: string[]; whyNotLimits?: string[] };
}

const casesDir = join(import.meta.dirname, 'cases');
const files = readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort();

afterAll(closeEngines);

const contextPairs = (context: GoldenRequest['context']) =>
  Object.entries(context ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((value) => `${k}=${value}`));

for (const file of files) {
  const scenario = parse(readFileSync(join(casesDir, file), 'utf8')) as { world: unknown; requests: GoldenRequest[] };
  // Why not answers requests on a key; operations that use no key (golden case 36) are not searched yet.
  const denied = scenario.requests.filter((r) => r.expect.decision === 'DENY' && !r.transitive && r.key !== undefined);
  if (denied.length === 0) continue;
  describe(file, () => {
    const world = parseWorld(JSON.stringify(scenario.world), `${file}.world.json`);
    for (const request of denied) {
      test(`why not: ${request.name}`, async () => {
        const input = { principal: request.principal, action: request.action, key: request.key, context: contextPairs(request.context) };
        const answer = await check(world, { ...input, engine: 'reference', whyNot: true });
        expect(answer.decision).toBe('DENY');
        expect(answer.whyNotIncomplete).toBeUndefined();
        const alternatives = answer.whyNot ?? [];
        expect(alternatives.length).toBeLessThanOrEqual(3);
        const sizes = alternatives.map((a) => a.changes.length);
        expect(sizes, 'smallest sets first').toEqual([...sizes].sort((a, b) => a - b));
        if (request.expect.whyNot) expect(alternatives.map((a) => a.changes.map((c) => c.kind).sort().join('+'))).toEqual(request.expect.whyNot);
        if (request.expect.whyNotLimits) expect(answer.whyNotLimits).toEqual(request.expect.whyNotLimits);
        if (alternatives.length === 0) expect(answer.whyNotLimits, 'an empty why-not says what stands in the way').toBeDefined();
        const req = buildKmsRequest(world, { ...input, key: request.key! });
        for (const alternative of alternatives) await expectAllowingAndMinimal(world, req, alternative, `${file}: ${request.name}`);
      });
    }
  });
}
