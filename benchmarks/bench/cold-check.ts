/**
 * A cold `keyproof check`: a new Node process that loads the world and answers one request, as a user at a shell
 * or a CI step runs it. The median over several runs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Engine } from '../../src/index.js';
import { median } from './timing.js';
import type { BenchRequest } from './requests.js';

export interface ColdCheckResult {
  engine: Engine;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  request: Pick<BenchRequest, 'principal' | 'action' | 'key' | 'context' | 'transitive'>;
  /** The decision the CLI printed, and whether it is the library's for the same request (once compared). */
  decision: string;
  agreesWithLibrary?: boolean;
  /** Set when a run failed: its exit status and the start of its stderr. */
  failure?: string;
  /** The runs read the world from the parsed-world cache (KEYPROOF_WORLD_CACHE), filled by one run before. */
  worldCache?: boolean;
}

export function coldCheckArgs(worldFile: string, request: BenchRequest, engine: Engine): string[] {
  const args = ['check', '--engine', engine, '--world', worldFile, '--principal', request.principal, '--action', request.action, '--key', request.key, '--format', 'json'];
  for (const pair of request.context) args.push('--context', pair);
  if (request.transitive) args.push('--transitive');
  return args;
}

export function measureColdCheck(
  root: string, worldFile: string, request: BenchRequest, engine: Engine, runs: number, worldCache?: string,
): ColdCheckResult {
  const times: number[] = [];
  let decision = 'none';
  let failure: string | undefined;
  const env = worldCache === undefined ? process.env : { ...process.env, KEYPROOF_WORLD_CACHE: worldCache };
  const once = () => spawnSync(process.execPath, [join(root, 'bin', 'keyproof.js'), ...coldCheckArgs(worldFile, request, engine)], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env,
  });
  // With the cache, a first run (not counted) fills it, as the first check after an edit does.
  if (worldCache !== undefined) once();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const run = once();
    times.push(performance.now() - start);
    if (run.status !== 0) {
      failure = `exit status ${run.status}: ${run.stderr.slice(0, 300)}`;
      break;
    }
    decision = (JSON.parse(run.stdout) as { decision: string }).decision;
  }
  const { principal, action, key, context, transitive } = request;
  return {
    engine,
    runs: times.length,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    request: { principal, action, key, context, transitive },
    decision,
    ...(failure ? { failure } : {}),
    ...(worldCache === undefined ? {} : { worldCache: true }),
  };
}
