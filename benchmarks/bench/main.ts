/**
 * `npm run bench [-- --size S|M|L|XL] [--smoke]` (issue 6): for each world of the size, the load time, concrete
 * checks per second through the public API for each engine, the peer in the same run, a cold `keyproof check`,
 * who-can, the audit within a time budget, and peak memory. Prints a table; writes benchmarks/results/.
 * `--smoke` runs everything briefly (what CI runs: it checks that the benchmark runs, not how fast).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadWorld, type World } from '../../src/index.js';
import { isSizeName, type SizeName } from '../generate/sizes.js';
import { compareWithPeer } from '../peer/compare.js';
import { runAuditWithBudget } from './audit-budget.js';
import { measureColdCheck } from './cold-check.js';
import { ENGINES, runCheck } from './engines.js';
import { measureEnginesInProcesses } from './engine-process.js';
import { environment, peakRssMb, projectRoot } from './environment.js';
import { sampleRequests, type BenchRequest } from './requests.js';
import { TARGETS, writeResults, type BenchResult, type WorldResult } from './results.js';
import { renderTable } from './table.js';
import { seconds } from './timing.js';
import { measureWhoCan } from './who-can.js';
import { measureRoleGraphs } from './role-graphs.js';
import { worldsFor, type Generation } from './worlds.js';

interface Settings {
  requests: number;
  minWarmMs: number;
  /** The most time an engine's first pass over a set of requests may take (a slow engine is timed on fewer). */
  engineBudgetMs: number;
  coldRuns: number;
  auditBudgetSeconds: number;
  /** who-can: how many keys at most, within how many seconds. */
  whoCanKeys: number;
  whoCanBudgetSeconds: number;
  /** Role graphs (a chain, a complete graph): how many roles, and the most time one case may take. */
  roleGraphRoles: number;
  roleGraphBudgetSeconds: number;
}

const AUDIT_BUDGET_SECONDS: Record<SizeName, number> = { S: 60, M: 300, L: 600, XL: 600 };
/** The audit runs on this many worker threads (the machine's two cores). */
const AUDIT_JOBS = 2;
/** At XL, the shard audited for real, of how many. */
const XL_SHARD = { index: 0, count: 16 };

function settingsFor(size: SizeName, smoke: boolean, auditBudget: number | undefined): Settings {
  if (smoke) return { requests: 30, minWarmMs: 20, engineBudgetMs: 1000, coldRuns: 1, auditBudgetSeconds: auditBudget ?? 30, whoCanKeys: 1, whoCanBudgetSeconds: 60, roleGraphRoles: 50, roleGraphBudgetSeconds: 60 };
  return {
    requests: size === 'S' ? 300 : 2000, minWarmMs: 2000, engineBudgetMs: 30_000, coldRuns: 5,
    auditBudgetSeconds: auditBudget ?? AUDIT_BUDGET_SECONDS[size], whoCanKeys: 20, whoCanBudgetSeconds: 600,
    roleGraphRoles: 2000, roleGraphBudgetSeconds: 300,
  };
}

const REQUEST_SEED = 7;
const TRANSITIVE_SHARE = 0.15;

function counts(world: World): WorldResult['counts'] {
  const accounts = [...world.accounts.values()];
  const sum = (f: (a: (typeof accounts)[number]) => number) => accounts.reduce((n, a) => n + f(a), 0);
  const keys = [...world.keys.values()];
  return {
    accounts: accounts.length, users: sum((a) => a.users.size), roles: sum((a) => a.roles.size), groups: sum((a) => a.groups.size),
    keys: keys.length, grants: keys.reduce((n, k) => n + k.grants.length, 0),
  };
}

function describeRequests(requests: BenchRequest[]): WorldResult['requests'] {
  return {
    total: requests.length,
    direct: requests.filter((r) => !r.transitive).length,
    transitive: requests.filter((r) => r.transitive).length,
    crossAccount: requests.filter((r) => r.crossAccount).length,
    withContext: requests.filter((r) => r.context.length > 0).length,
    throughAlias: requests.filter((r) => r.key !== r.keyArn).length,
    seed: REQUEST_SEED,
  };
}

async function benchWorld(root: string, size: SizeName, file: string, settings: Settings, generation: Generation | undefined): Promise<WorldResult> {
  const log = (step: string) => process.stderr.write(`[bench] ${relative(root, file)}: ${step}\n`);
  log('loading');
  const start = performance.now();
  const world = loadWorld(file);
  const loadSeconds = seconds(start);
  const sample = { seed: REQUEST_SEED, count: settings.requests, transitiveShare: TRANSITIVE_SHARE };
  const requests = sampleRequests(world, sample);
  const result: WorldResult = {
    file: relative(root, file), counts: counts(world), ...(generation ? { generation } : {}), loadSeconds,
    requests: describeRequests(requests), engines: [], coldChecks: [],
    whoCan: { available: false, reason: 'not measured yet' },
  };
  // What runs in other processes (cold checks, audit) goes first, and the engines last, so that no engine's
  // threads (Z3 starts workers in the process) share the machine with what is being timed.
  log('the peer');
  try {
    result.peer = await compareWithPeer(file, world, requests, settings.minWarmMs);
  } catch (e) {
    result.peerFailure = (e as Error).message;
  }
  const coldRequest = requests.find((r) => !r.transitive) ?? requests[0];
  for (const engine of coldRequest ? ENGINES : []) {
    log(`cold checks, ${engine}`);
    result.coldChecks.push(measureColdCheck(root, file, coldRequest!, engine, settings.coldRuns));
    log(`cold checks, ${engine}, parsed-world cache`);
    const cacheDir = mkdtempSync(join(tmpdir(), 'keyproof-bench-world-cache-'));
    try {
      result.coldChecks.push(measureColdCheck(root, file, coldRequest!, engine, settings.coldRuns, cacheDir));
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  log(`audit (budget ${settings.auditBudgetSeconds} s, --jobs ${AUDIT_JOBS}${size === 'XL' ? `, shard ${XL_SHARD.index}/${XL_SHARD.count}` : ', then the incremental re-audit'})`);
  const childScript = join(root, 'dist', 'benchmarks', 'bench', 'audit-child.js');
  // Both cores (issue 14); XL is audited by shards: one of 16 for real, the whole projected from it.
  result.audit = await runAuditWithBudget(childScript, file, settings.auditBudgetSeconds, {
    jobs: AUDIT_JOBS, ...(size === 'XL' ? { shard: XL_SHARD } : { incremental: true }),
  });
  log(`${requests.length} requests through each engine`);
  result.engines = await measureEnginesInProcesses(join(root, 'dist', 'benchmarks', 'bench', 'engine-child.js'), {
    worldFile: file, sample, minWarmMs: settings.minWarmMs, budgetMs: settings.engineBudgetMs,
  });
  log('who-can per key');
  result.whoCan = await measureWhoCan(world, settings.whoCanKeys, settings.whoCanBudgetSeconds);
  // The CLI's answer is compared with the library's (reference engine, in this process) for the same request.
  const libraryDecision = coldRequest ? (await runCheck(world, coldRequest, 'reference')).decision : undefined;
  for (const cold of result.coldChecks) if (!cold.failure) cold.agreesWithLibrary = cold.decision === libraryDecision;
  return result;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'S' },
      smoke: { type: 'boolean', default: false },
      seed: { type: 'string' },
      regenerate: { type: 'boolean', default: false },
      'generate-only': { type: 'boolean', default: false },
      'audit-budget': { type: 'string' },
    },
  });
  const size = values.size.toUpperCase();
  if (!isSizeName(size)) {
    process.stderr.write(`--size: expected S, M, L or XL; got '${values.size}'\n`);
    return 2;
  }
  const root = projectRoot();
  const startedAt = new Date();
  const start = performance.now();
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const worlds = worldsFor(root, size, { ...(seed === undefined ? {} : { seed }), regenerate: values.regenerate });
  if (values['generate-only']) {
    process.stdout.write(`${worlds.files.map((f) => relative(root, f)).join('\n')}\n${JSON.stringify(worlds.generation ?? {}, null, 2)}\n`);
    return 0;
  }
  const settings = settingsFor(size, values.smoke, values['audit-budget'] === undefined ? undefined : Number(values['audit-budget']));
  const results: WorldResult[] = [];
  for (const file of worlds.files) results.push(await benchWorld(root, size, file, settings, worlds.generation));
  process.stderr.write(`[bench] check --transitive on role graphs of ${settings.roleGraphRoles} roles\n`);
  const roleGraphs = await measureRoleGraphs(join(root, 'dist', 'benchmarks', 'bench', 'role-graph-child.js'), settings.roleGraphRoles, ENGINES, settings.roleGraphBudgetSeconds);
  const result: BenchResult = {
    schema: 1, size, smoke: values.smoke, startedAt: startedAt.toISOString(), totalSeconds: seconds(start),
    environment: environment(root), targets: TARGETS, worlds: results, roleGraphs, peakRssMb: peakRssMb(),
  };
  process.stdout.write(renderTable(result));
  const written = writeResults(root, result);
  process.stdout.write(`results: ${written.join(', ')}\n`);
  return 0;
}

// Exit explicitly: an engine may keep worker threads (Z3's) that would hold the process open.
process.exit(await main());
