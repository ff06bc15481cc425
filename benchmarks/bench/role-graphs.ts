/**
 * `check --transitive` on role graphs at scale (issues 12.5, 14.5): a chain and a complete trust graph of N roles
 * (benchmarks/generate/role-graphs.ts), per engine, through the public API in this process: the first check
 * (which computes the world's role reachability) and a warm one (a lookup plus the final decision).
 */
import { check, parseWorld, type Engine } from '../../src/index.js';
import { ROLE_GRAPH_EXTERNAL_ID, ROLE_GRAPH_KEY, ROLE_GRAPH_USER, roleGraphWorld, type RoleGraphShape } from '../generate/role-graphs.js';
import { seconds } from './timing.js';

export interface RoleGraphResult {
  shape: RoleGraphShape;
  roles: number;
  engine: Engine;
  decision?: string;
  /** The chain reported (identities). */
  pathLength?: number;
  firstSeconds?: number;
  warmSeconds?: number;
  failure?: string;
}

export async function measureRoleGraph(shape: RoleGraphShape, roles: number, engine: Engine): Promise<RoleGraphResult> {
  const world = parseWorld(JSON.stringify(roleGraphWorld(shape, roles)), `${shape}-${roles}.json`);
  const ask = () => check(world, {
    principal: ROLE_GRAPH_USER, action: 'kms:Decrypt', key: ROLE_GRAPH_KEY, transitive: true, engine,
    context: { 'sts:ExternalId': ROLE_GRAPH_EXTERNAL_ID },
  });
  try {
    let start = performance.now();
    const answer = await ask();
    const firstSeconds = seconds(start);
    start = performance.now();
    await ask();
    return { shape, roles, engine, decision: answer.decision, pathLength: answer.path.length, firstSeconds, warmSeconds: seconds(start) };
  } catch (e) {
    return { shape, roles, engine, failure: (e as Error).message };
  }
}

/** The role-graph cases: a chain and a complete graph of `roles` roles (2,000 in a real run), per engine. */
export const ROLE_GRAPH_SHAPES: readonly RoleGraphShape[] = ['chain', 'complete'];

/**
 * Each case in a process of its own (role-graph-child.ts), stopped after `budgetSeconds`: an engine that takes
 * minutes on a long chain is reported as stopped, not waited on.
 */
export async function measureRoleGraphs(childScript: string, roles: number, engines: readonly Engine[], budgetSeconds: number): Promise<RoleGraphResult[]> {
  const { runJsonLinesChild } = await import('./child-process.js');
  const results: RoleGraphResult[] = [];
  for (const shape of ROLE_GRAPH_SHAPES) {
    for (const engine of engines) {
      let result: RoleGraphResult | undefined;
      const started = performance.now();
      const outcome = await runJsonLinesChild<RoleGraphResult>(childScript, [shape, String(roles), engine], (e) => { result = e; },
        () => performance.now() - started > budgetSeconds * 1000);
      results.push(result ?? {
        shape, roles, engine,
        failure: outcome.stopped ? `stopped after the budget of ${budgetSeconds} s` : `exit ${outcome.exitCode}: ${outcome.stderrTail.slice(-300)}`,
      });
    }
  }
  return results;
}
