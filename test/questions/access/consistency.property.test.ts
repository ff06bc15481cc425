/**
 * One answer everywhere, on generated worlds (test/diff/arbitrary-world.ts: role chains, boundaries, SCPs, RCPs,
 * conditional trust): for one key and one operation of each world,
 * - every identity that `audit`'s table (auditKey over the audit's own questions, asked for the one operation) lists is listed by `who-can` and by what-can's question for that
 *   key and operation (`callerCan`), with the same path, conditions and requirements;
 * - a request context built from those requirements alone (not from the example) is allowed by `check`, on the
 *   reference evaluator and on Z3 (`--transitive` when the path assumes roles);
 * - an identity that none of them lists is denied by `check` under sampled request contexts.
 * Settings: KEYPROOF_CONSISTENCY_SEED, KEYPROOF_CONSISTENCY_RUNS (npm test runs a few; `npm run test:consistency`
 * runs 500, and .ci/run runs it). A failure prints the seed, the path of fast-check's counterexample and the world
 * (saved under test-artifacts/consistency/) with the commands that rerun it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines } from '../../../src/api/check.js';
import { z3Engine } from '../../../src/api/engine-instance.js';
import { limitsOf } from '../../../src/engine/limits.js';
import { KEY_OPERATIONS } from '../../../src/kms/operations.js';
import { evaluateCondition } from '../../../src/reference/conditions.js';
import { auditKey } from '../../../src/questions/audit/audit.js';
import { chainedAccess, directAccess } from '../../../src/questions/access/key-access.js';
import type { Requirement } from '../../../src/questions/access/requirements.js';
import { roleChainsOf } from '../../../src/questions/symbolic/role-steps.js';
import { askWhoCan, callerCan } from '../../../src/questions/access/who-can.js';
import { callersOfWorld, resolveCaller } from '../../../src/request/caller.js';
import { contextFromEntries } from '../../../src/request/context.js';
import { callerContext, keyContext, mergeContext, parseContextPairs } from '../../../src/request/derive-context.js';
import type { Key, World } from '../../../src/world/model.js';
import { contextCandidates } from '../../diff/arbitrary-request.js';
import { loadNativeWorld, nativeWorldArb } from '../../diff/arbitrary-world.js';
import { shellQuote } from '../../diff/counterexample.js';
import { worldToYaml } from '../../diff/serialise-world.js';
import { contextUniverse, referenceAllows, worldPrincipals, type ContextPairs } from '../brute-force.js';

afterAll(closeEngines);

const SEED = Number(process.env.KEYPROOF_CONSISTENCY_SEED ?? 20261122);
const RUNS = Number(process.env.KEYPROOF_CONSISTENCY_RUNS ?? 12);
/** fast-check's path of a failing case (printed with it), to replay just that case. */
const PATH = process.env.KEYPROOF_CONSISTENCY_PATH;
const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts', 'consistency');
/** How many assignments of candidate values the context builder tries before giving up on a world. */
const SEARCH_LIMIT = 20_000;
/**
 * Keys "always included in the request context" whose value the request chooses (its time): a context can give them
 * another value but never leave them out, since `check` then uses the time of the check
 * (iam/reference_policies_condition-keys.md#condition-keys-currenttime, #condition-keys-epochtime).
 */
const ALWAYS_PRESENT = new Set(['aws:currenttime', 'aws:epochtime']);

const caseArb = fc.record({ world: nativeWorldArb, keyPick: fc.nat(), operationPick: fc.nat(), samplePick: fc.nat() });

class Inconsistent extends Error {}

/** Operations some policy or grant of the world names (or, failing that, all): the interesting ones. */
function mentionedOperation(world: World, key: Key, pick: number) {
  const text = JSON.stringify([...world.accounts.values()].map((a) => [...a.users.values(), ...a.roles.values(), ...a.managedPolicies.values()]))
    + JSON.stringify(key.policy.document) + JSON.stringify(key.grants) + JSON.stringify(world.organization ?? {});
  const mentioned = KEY_OPERATIONS.filter((op) => text.includes(op.action) || text.includes(`"${op.name}"`));
  const pool = mentioned.length > 0 ? mentioned : KEY_OPERATIONS;
  return pool[pick % pool.length]!;
}

/** The identity that makes the request a requirement is about: the caller before the role assumed, or the last. */
function hopCaller(path: readonly string[], requirement: Requirement): string {
  if (!requirement.assuming) return path[path.length - 1]!;
  return path[path.indexOf(requirement.assuming) - 1]!;
}

function holds(world: World, key: Key, path: readonly string[], requirement: Requirement, pairs: ContextPairs): boolean {
  const caller = resolveCaller(world, hopCaller(path, requirement));
  const context = contextFromEntries(mergeContext(callerContext(world, caller), requirement.assuming ? [] : keyContext(key), parseContextPairs(pairs)));
  const alternative = (clauses: Requirement['anyOf'][number]) => clauses.every((c) => evaluateCondition(c, context, '2012-10-17'));
  return requirement.effect === 'Allow' ? requirement.anyOf.some(alternative) : !requirement.anyOf.every(alternative);
}

/**
 * A request context that meets every requirement, built from the requirements and the world's candidate values
 * only: each key the requirements name is left out or given one candidate, every assignment tried in turn.
 */
function contextFrom(world: World, key: Key, path: readonly string[], requirements: readonly Requirement[]): ContextPairs | 'none' | 'too-many' {
  const keys = [...new Set(requirements.flatMap((r) => r.anyOf.flat().map((c) => c.key)))];
  const candidates = contextCandidates(world);
  const options = keys.map((k) => {
    const values = new Set<string>();
    for (const r of requirements) for (const c of r.anyOf.flat()) if (c.key.toLowerCase() === k.toLowerCase()) {
      c.values.forEach((v) => { values.add(v); values.add(v.replace(/[*?]/g, '')); if (/\/\d+$/.test(v)) values.add(v.replace(/\/\d+$/, '')); });
      if (c.base === 'Bool') { values.add('true'); values.add('false'); }
    }
    for (const pair of candidates) if (pair.toLowerCase().startsWith(`${k.toLowerCase()}=`)) values.add(pair.slice(k.length + 1));
    // A value no policy names (as the symbolic questions consider one, docs/symbolic-encoding.md).
    values.add('keyproof-other');
    const given = [...values].filter((v) => v !== '' && !v.includes('${'));
    return ALWAYS_PRESENT.has(k.toLowerCase()) ? given : [undefined, ...given];
  });
  if (options.reduce((n, o) => n * o.length, 1) > SEARCH_LIMIT) return 'too-many';
  // Enumerate every assignment (the first index checks each complete one).
  const all = (index: number, prefix: ContextPairs): ContextPairs | undefined => {
    if (index === keys.length) return requirements.every((r) => holds(world, key, path, r, prefix)) ? prefix : undefined;
    for (const value of options[index]!) {
      const found = all(index + 1, value === undefined ? prefix : [...prefix, `${keys[index]}=${value}`]);
      if (found) return found;
    }
    return undefined;
  };
  return all(0, []) ?? 'none';
}

async function z3Allows(world: World, principal: string, action: string, key: string, context: ContextPairs, transitive: boolean): Promise<string> {
  return (await check(world, { principal, action, key, context: [...context], transitive, engine: 'z3' })).decision;
}

async function checkCase(world: World, keyPick: number, operationPick: number, samplePick: number): Promise<void> {
  const keys = [...world.keys.values()];
  if (keys.length === 0) return;
  const key = keys[keyPick % keys.length]!;
  const operation = mentionedOperation(world, key, operationPick);
  const engine = await z3Engine();
  const limits = limitsOf({});
  // The audit's table for the key, asked for this one operation (audit asks the same questions for all of them).
  const undecided: string[] = [];
  const callers = callersOfWorld(world);
  const direct = await directAccess(engine.runtime, world, key, [operation], callers, limits, undecided);
  const chained = await chainedAccess(engine.runtime, world, key, [operation], callers, direct, limits, undecided);
  const table = auditKey(world, { key, callers, direct, chained, classes: [], undecided });
  const who = await askWhoCan(engine.runtime, world, key, operation, limits);
  if (undecided.length > 0 || !who.complete) return;
  const rows = table.groups.flatMap((g) => g.access).filter((a) => a.origin === 'world' && a.operations.includes(operation.action));
  const listed = new Set(rows.map((r) => r.principal));
  const whoListed = new Set(who.principals.map((p) => p.arn));
  if (JSON.stringify([...listed].sort()) !== JSON.stringify([...whoListed].sort())) {
    throw new Inconsistent(`audit lists ${JSON.stringify([...listed].sort())} for ${operation.action}, who-can ${JSON.stringify([...whoListed].sort())}`);
  }
  for (const row of rows) {
    const path = row.path.length > 0 ? row.path : [row.principal];
    const entry = who.principals.find((p) => p.arn === row.principal)!;
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Inconsistent(`${row.principal} ${operation.action}: audit's ${what} ${JSON.stringify(a)} but ${b === entry.conditions || b === entry.path || b === entry.requires ? 'who-can' : 'what-can'}'s ${JSON.stringify(b)}`);
    };
    same('path', path, entry.path);
    same('conditions', row.conditions, entry.conditions);
    same('requirements', row.requires, entry.requires);
    const caller = resolveCaller(world, row.principal);
    const { chains } = await roleChainsOf(engine.runtime, world, caller, limits);
    const what = await callerCan(engine.runtime, world, key, operation, caller, chains, limits);
    if (what.undecided.length > 0) continue;
    if (!what.principal) throw new Inconsistent(`audit lists ${row.principal} for ${operation.action}, what-can does not`);
    same('path', path, what.principal.path);
    same('conditions', row.conditions, what.principal.conditions);
    same('requirements', row.requires, what.principal.requires);
    const context = contextFrom(world, key, path, row.requires);
    if (context === 'too-many') continue;
    if (context === 'none') throw new Inconsistent(`${row.principal} ${operation.action}: no request context meets the conditions ${JSON.stringify(row.conditions)}`);
    const transitive = path.length > 1;
    if (!referenceAllows(world, { key: key.arn, action: operation.action }, row.principal, context)) {
      throw new Inconsistent(`${row.principal} ${operation.action} under ${JSON.stringify(context)} (built from ${JSON.stringify(row.conditions)}): the reference evaluator denies`);
    }
    const decision = await z3Allows(world, row.principal, operation.action, key.arn, context, transitive);
    if (decision !== 'ALLOW') throw new Inconsistent(`${row.principal} ${operation.action} under ${JSON.stringify(context)} (built from ${JSON.stringify(row.conditions)}): Z3 answers ${decision}`);
  }
  // Nobody else: sampled contexts are denied, by the reference (three samples) and by Z3 (one).
  const universe = contextUniverse(world, 200);
  for (const principal of worldPrincipals(world).filter((p) => !listed.has(p))) {
    for (let i = 0; i < Math.min(3, universe.length); i++) {
      const context = universe[(samplePick + i * 7919) % universe.length]!;
      let allowed: boolean;
      try { allowed = referenceAllows(world, { key: key.arn, action: operation.action }, principal, context); } catch { continue; }
      if (allowed) throw new Inconsistent(`nobody lists ${principal} for ${operation.action}, but the reference allows it under ${JSON.stringify(context)}`);
      if (i === 0 && await z3Allows(world, principal, operation.action, key.arn, context, true) === 'ALLOW') {
        throw new Inconsistent(`nobody lists ${principal} for ${operation.action}, but Z3 allows it under ${JSON.stringify(context)}`);
      }
    }
  }
}

function save(world: World, message: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, 'world.yaml');
  writeFileSync(file, worldToYaml(world));
  writeFileSync(join(ARTIFACTS_DIR, 'failure.txt'), `${message}\nrerun: KEYPROOF_CONSISTENCY_SEED=${SEED} KEYPROOF_CONSISTENCY_RUNS=${RUNS} npx vitest run test/questions/access/consistency.property.test.ts\n`
    + `audit the world: npx keyproof audit --world ${shellQuote(relative(process.cwd(), file))}\n`);
  return file;
}

describe('audit, who-can, what-can and check agree on generated worlds', () => {
  test(`${RUNS} worlds (seed ${SEED})`, async () => {
    let failure: string | undefined;
    const started = Date.now();
    await fc.assert(fc.asyncProperty(caseArb, async ({ world: native, keyPick, operationPick, samplePick }) => {
      // A macrotask turn per world: Z3's answers resolve as microtasks, and a worker that never returns to the event
      // loop for minutes fails the run (vitest: Timeout calling "onTaskUpdate").
      await new Promise((resolve) => setImmediate(resolve));
      const world = loadNativeWorld(native);
      const t = Date.now();
      try {
        await checkCase(world, keyPick, operationPick, samplePick);
        if (process.env.KEYPROOF_CONSISTENCY_VERBOSE) console.log(`world: ${world.keys.size} keys, ${worldPrincipals(world).length} principals, ${Date.now() - t} ms`);
      } catch (error) {
        if (!(error instanceof Inconsistent)) throw error;
        failure = `${error.message}\nworld saved to ${save(world, error.message)}`;
        throw error;
      }
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true, ...(PATH ? { path: PATH } : {}) });
    expect(failure).toBeUndefined();
    console.log(`consistency: ${RUNS} worlds in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`);
  }, Math.max(120_000, RUNS * 4_000));
});
