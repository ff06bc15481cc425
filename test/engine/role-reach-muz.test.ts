/**
 * The role-assumption rules (src/semantics/roles.kp) on step graphs given up front: the fixpoint of
 * src/engine/datalog/fixpoint.ts against a plain breadth-first search (reached set and shortest lengths) and
 * against Z3's own fixpoint engine, muZ (reached set), on seeded random graphs with cycles.
 *
 * KEYPROOF_ROLE_REACH_SCALE=1 also measures the three at the sizes of docs/role-assumption.md (printed, not
 * asserted beyond agreement).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluate, fact, type DemandRelation } from '../../src/engine/datalog/fixpoint.js';
import { muzAnswers } from './muz-closure.js';
import { roleRules } from '../../src/semantics/roles.js';
import { openSession, type Z3Session } from '../../src/smt/solver.js';

const SEED = Number(process.env.KEYPROOF_ROLE_REACH_SEED ?? 20260501);

/** Identities `i0..`, roles `r0..`; every edge ends at a role, since only roles are assumed. */
interface StepGraph {
  identities: number;
  roles: number;
  edges: Map<string, string[]>;
}

const node = (graph: StepGraph, n: number) => (n < graph.identities ? `i${n}` : `r${n - graph.identities}`);

function graphOf(identities: number, roles: number, pairs: ReadonlyArray<readonly [number, number]>): StepGraph {
  const graph: StepGraph = { identities, roles, edges: new Map() };
  for (const [from, to] of pairs) {
    const a = node(graph, from % (identities + roles));
    const b = `r${to % roles}`;
    const out = graph.edges.get(a) ?? [];
    if (!out.includes(b)) out.push(b);
    graph.edges.set(a, out);
  }
  return graph;
}

const graphArb: fc.Arbitrary<StepGraph> = fc.record({
  identities: fc.integer({ min: 1, max: 30 }),
  roles: fc.integer({ min: 1, max: 20 }),
  pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 120 }),
}).map(({ identities, roles, pairs }) => graphOf(identities, roles, pairs));

/** Shortest chain lengths from `start` to every role it reaches (the start itself excluded), breadth-first. */
function breadthFirst(graph: StepGraph, start: string): Map<string, number> {
  const distance = new Map([[start, 0]]);
  let frontier = [start];
  for (let d = 1; frontier.length > 0; d++) {
    const next: string[] = [];
    for (const from of frontier) {
      for (const to of graph.edges.get(from) ?? []) {
        if (!distance.has(to)) { distance.set(to, d); next.push(to); }
      }
    }
    frontier = next;
  }
  distance.delete(start);
  return distance;
}

/**
 * The step relation of a graph. `candidates: 'edges'` offers each node's edges (as fast as an adjacency list);
 * `'every-role'` offers every role and lets confirmation say which are edges, as role-reach.ts does with its
 * trust-policy prefilter and sts:AssumeRole questions. Confirmations are recorded.
 */
function stepRelation(graph: StepGraph, candidates: 'edges' | 'every-role'): DemandRelation & { asked: Array<[string, string]> } {
  const roles = Array.from({ length: graph.roles }, (_, i) => `r${i}`);
  const relation = {
    asked: [] as Array<[string, string]>,
    boundPositions: [0],
    candidates: ([from]: readonly string[]) => (candidates === 'edges' ? graph.edges.get(from!) ?? [] : roles).map((to) => [from!, to]),
    confirm: ([from, to]: readonly string[]) => {
      relation.asked.push([from!, to!]);
      return graph.edges.get(from!)?.includes(to!) ?? false;
    },
  };
  return relation;
}

async function fixpointReach(graph: StepGraph, start: string, candidates: 'edges' | 'every-role' = 'every-role') {
  const step = stepRelation(graph, candidates);
  const derived = await evaluate(roleRules(), [fact('start', start)], new Map([['step', step]]));
  const reach = derived.of('reach').filter((d) => d.fact.args[0] === start);
  return { distance: new Map(reach.map((d) => [d.fact.args[1]!, d.round])), derived, asked: step.asked };
}

const stepFacts = (graph: StepGraph) => [...graph.edges].flatMap(([from, tos]) => tos.map((to) => fact('step', from, to)));

/** What muZ derives from the same rules over the graph's steps, for each start; rules and facts loaded once. */
function muzReach(session: Z3Session, graph: StepGraph, starts: readonly string[], timeoutMs = 60_000) {
  const facts = [...starts.map((s) => fact('start', s)), ...stepFacts(graph)];
  return muzAnswers(session.ctx, roleRules(), facts, starts.map((s) => ({ predicate: 'reach', bound: [s] })), timeoutMs);
}

let session: Z3Session;
beforeAll(async () => { session = await openSession(); });
afterAll(() => session.close());

describe(`role-assumption rules on step graphs (seed ${SEED})`, () => {
  test('the fixpoint reaches what breadth-first search reaches, each at its shortest length, by a chain of real steps', async () => {
    await fc.assert(fc.asyncProperty(graphArb, fc.nat(), async (graph, pick) => {
      const start = node(graph, pick % (graph.identities + graph.roles));
      const expected = breadthFirst(graph, start);
      const { distance, derived } = await fixpointReach(graph, start);
      expect(Object.fromEntries(distance)).toEqual(Object.fromEntries(expected));
      // The kept derivation of each fact is a chain of steps of the graph, as long as its round.
      for (const d of derived.of('reach')) {
        const [, premiseStep] = d.premises;
        expect(premiseStep?.predicate).toBe('step');
        expect(graph.edges.get(premiseStep!.args[0]!)).toContain(premiseStep!.args[1]);
        const before = derived.get(d.premises[0]!)!;
        expect(d.round).toBe(before.fact.predicate === 'start' ? 1 : before.round + 1);
      }
    }), { seed: SEED, numRuns: 300 });
  });

  test('each step is confirmed at most once, and only while its role is not yet reached', async () => {
    await fc.assert(fc.asyncProperty(graphArb, fc.nat(), async (graph, pick) => {
      const start = node(graph, pick % (graph.identities + graph.roles));
      const { distance, derived, asked } = await fixpointReach(graph, start);
      expect(new Set(asked.map((pair) => pair.join(' '))).size).toBe(asked.length);
      // Identities are expanded in the order they were reached; a role asked from one must not have been reached
      // through an identity expanded before it.
      const reached = derived.of('reach').filter((d) => d.fact.args[0] === start);
      const expandedAt = new Map([[start, -1], ...reached.map((d, i) => [d.fact.args[1]!, i] as [string, number])]);
      for (const [from, to] of asked) {
        expect(to).not.toBe(start);
        const derivation = derived.get(fact('reach', start, to));
        if (derivation) expect(expandedAt.get(derivation.premises[1]!.args[0]!)!).toBeGreaterThanOrEqual(expandedAt.get(from)!);
      }
      // Each role reached was reached by exactly one confirmed step.
      expect(asked.filter(([from, to]) => graph.edges.get(from)?.includes(to)).length).toBe(distance.size);
    }), { seed: SEED, numRuns: 200 });
  });

  test("Z3's fixpoint engine (muZ, datalog) derives the same reached set from the same rules", async () => {
    await fc.assert(fc.asyncProperty(graphArb, fc.nat(), async (graph, pick) => {
      const start = node(graph, pick % (graph.identities + graph.roles));
      const [muz] = await muzReach(session, graph, [start]);
      expect(muz).not.toBe('unknown');
      expect([...(muz as Set<string>)].sort()).toEqual([...breadthFirst(graph, start).keys()].sort());
    }), { seed: SEED, numRuns: 60 });
  }, 120_000);
});

/** A seeded, fast generator for the large graphs (fast-check would spend its time building them). */
function scaleGraph(identities: number, roles: number, edges: number, seed: number): StepGraph {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const graph: StepGraph = { identities, roles, edges: new Map() };
  let count = 0;
  while (count < edges) {
    const from = node(graph, Math.floor(random() * (identities + roles)));
    const to = `r${Math.floor(random() * roles)}`;
    const out = graph.edges.get(from) ?? [];
    if (from === to || out.includes(to)) continue;
    out.push(to);
    graph.edges.set(from, out);
    count++;
  }
  return graph;
}

async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

describe.runIf(process.env.KEYPROOF_ROLE_REACH_SCALE === '1')('measurements for docs/role-assumption.md', () => {
  test.each([
    { identities: 30, roles: 20, edges: 100, sources: 50 },
    { identities: 5_000, roles: 2_000, edges: 20_000, sources: 20 },
  ])('$identities identities, $roles roles, $edges steps', async ({ identities, roles, edges, sources }) => {
    const graph = scaleGraph(identities, roles, edges, 1);
    const starts = Array.from({ length: sources }, (_, i) => node(graph, Math.floor((i * (identities + roles)) / sources)));
    // Warm-up (JIT, Z3's first queries), so that the figures are those of a running process.
    await fixpointReach(graph, starts[0]!, 'edges');
    await muzReach(session, graph, starts.slice(0, 1));
    let bfsMs = 0; let fixpointMs = 0; let reached = 0;
    const expectedSizes: number[] = [];
    for (const start of starts) {
      const [expected, b] = await timed(() => breadthFirst(graph, start));
      const [fixpoint, f] = await timed(() => fixpointReach(graph, start, 'edges'));
      expect(Object.fromEntries(fixpoint.distance)).toEqual(Object.fromEntries(expected));
      bfsMs += b; fixpointMs += f; reached += expected.size;
      expectedSizes.push(expected.size);
    }
    // muZ computes the whole relation for every start fact it holds, so each start gets a Fixedpoint of its own.
    const [, loadMs] = await timed(() => muzReach(session, graph, []));
    let muzMs = 0;
    for (const [i, start] of starts.entries()) {
      const [[muz], m] = await timed(() => muzReach(session, graph, [start]));
      expect(muz === 'unknown' ? -1 : muz!.size).toBe(expectedSizes[i]);
      muzMs += m;
    }
    const all = [...Array(identities + roles).keys()].map((n) => node(graph, n));
    const [, allBfs] = await timed(() => { for (const s of all) breadthFirst(graph, s); });
    const [, allFixpoint] = await timed(async () => { for (const s of all) await fixpointReach(graph, s, 'edges'); });
    const per = (ms: number) => `${(ms / sources).toFixed(2)} ms`;
    console.log([
      `${identities} identities, ${roles} roles, ${edges} steps; ${sources} sources, ${(reached / sources).toFixed(0)} roles reached on average`,
      `  one source: BFS ${per(bfsMs)}, fixpoint ${per(fixpointMs)}, muZ datalog ${per(muzMs)} (of which ${loadMs.toFixed(0)} ms load the rules and steps)`,
      `  every source (${all.length}): BFS ${allBfs.toFixed(0)} ms, fixpoint ${allFixpoint.toFixed(0)} ms`,
    ].join('\n'));
  }, 1_800_000);
});
