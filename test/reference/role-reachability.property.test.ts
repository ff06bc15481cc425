/**
 * The reference's memoized, indexed role search (src/reference/role-reachability.ts) against its plain
 * breadth-first search (role-assumption.ts, roleChains: every role tried from every identity reached), on seeded
 * random trust graphs: two accounts, roles that trust roles, users, account roots, "*" or NotPrincipal, some only
 * with an sts:ExternalId, identity policies that allow some roles, Deny statements. Every start is asked under
 * two request contexts, interleaved, so that a step memoized under one context and reused under the other would
 * show. The chains, their statements and traces must be equal, in the same (canonical) order.
 * Settings: KEYPROOF_ROLE_GRAPH_SEED, KEYPROOF_ROLE_GRAPH_RUNS; a failure prints the world and the command to rerun.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseWorld } from '../../src/index.js';
import { roleChains } from '../../src/reference/role-assumption.js';
import { reachableChains } from '../../src/reference/role-reachability.js';
import { checkWithReference } from '../../src/reference/evaluator.js';
import { buildKmsRequest } from '../../src/request/kms-request.js';
import { callersOfWorld } from '../../src/request/caller.js';
import type { ContextEntries } from '../../src/request/derive-context.js';
import { roleGraphWorld, ROLE_GRAPH_EXTERNAL_ID, ROLE_GRAPH_KEY, ROLE_GRAPH_USER } from '../../benchmarks/generate/role-graphs.js';

const SEED = Number(process.env.KEYPROOF_ROLE_GRAPH_SEED ?? 20261202);
const RUNS = Number(process.env.KEYPROOF_ROLE_GRAPH_RUNS ?? 25);
const V = '2012-10-17';
const ACCOUNTS = ['111111111111', '222222222222'];
const roleArn = (i: number) => `arn:aws:iam::${ACCOUNTS[i % 2]}:role/g${String(i).padStart(3, '0')}`;
const userArn = (account: number) => `arn:aws:iam::${ACCOUNTS[account]}:user/u${account}`;

type Named = { kind: 'role'; index: number } | { kind: 'user'; account: number } | { kind: 'root'; account: number } | { kind: 'anyone' };
const namedArb = (roles: number): fc.Arbitrary<Named> => fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: roles - 1 }).map((index) => ({ kind: 'role' as const, index })) },
  { weight: 2, arbitrary: fc.nat({ max: 1 }).map((account) => ({ kind: 'user' as const, account })) },
  { weight: 2, arbitrary: fc.nat({ max: 1 }).map((account) => ({ kind: 'root' as const, account })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'anyone' as const }) },
);
const principalOf = (n: Named): unknown => n.kind === 'role' ? { AWS: roleArn(n.index) } : n.kind === 'user' ? { AWS: userArn(n.account) }
  : n.kind === 'root' ? { AWS: ACCOUNTS[n.account] } : '*';

const roleArb = (roles: number) => fc.record({
  trusted: fc.array(namedArb(roles), { minLength: 0, maxLength: 3 }),
  externalId: fc.boolean(),
  notPrincipalDraw: fc.nat({ max: 19 }),
  /** What the role's own policy lets it assume: any role, none, or the roles of a list. */
  assumes: fc.oneof(fc.constant('*' as const), fc.constant('none' as const), fc.array(fc.nat({ max: roles - 1 }), { maxLength: 3 })),
  denyDraw: fc.nat({ max: 9 }),
});

const worldArb = fc.integer({ min: 2, max: 30 }).chain((roles) => fc.record({ roles: fc.array(roleArb(roles), { minLength: roles, maxLength: roles }) }));

function policyFor(assumes: '*' | 'none' | number[], deny: boolean): unknown[] {
  const statements: unknown[] = [];
  if (assumes === '*') statements.push({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
  else if (assumes !== 'none' && assumes.length > 0) statements.push({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: assumes.map(roleArn) });
  if (deny) statements.push({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: roleArn(0) });
  return statements.length > 0 ? [{ name: 'Assume', document: { Version: V, Statement: statements } }] : [];
}

type Generated = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;
function worldOf({ roles }: Generated): string {
  const roleObjects = roles.map((r, i) => {
    const trust: Record<string, unknown>[] = [];
    if (r.notPrincipalDraw === 0) trust.push({ Effect: 'Allow', NotPrincipal: { AWS: userArn(0) }, Action: 'sts:AssumeRole' });
    for (const named of r.trusted) {
      const statement: Record<string, unknown> = { Effect: 'Allow', Principal: principalOf(named), Action: 'sts:AssumeRole' };
      if (r.externalId) statement['Condition'] = { StringEquals: { 'sts:ExternalId': 'secret' } };
      trust.push(statement);
    }
    return { account: i % 2, role: { arn: roleArn(i), trustPolicy: { Version: V, Statement: trust }, policies: policyFor(r.assumes, r.denyDraw === 0) } };
  });
  const accounts = ACCOUNTS.map((id, a) => ({
    id,
    users: [{ arn: userArn(a), policies: policyFor('*', false) }],
    roles: roleObjects.filter((r) => r.account === a).map((r) => r.role),
  }));
  return JSON.stringify({ accounts, keys: [] });
}

const CONTEXTS: ContextEntries[] = [[['sts:ExternalId', ['secret']]], []];

describe(`the reference's memoized role search equals its breadth-first search (seed ${SEED}, ${RUNS} graphs)`, () => {
  test('same chains, statements and traces, in the same order, under interleaved contexts', () => {
    let reachedSomething = 0;
    const property = fc.property(worldArb, (generated) => {
      const text = worldOf(generated);
      const world = parseWorld(text, 'role-graph.json');
      for (const caller of callersOfWorld(world)) {
        for (const overrides of [...CONTEXTS, ...CONTEXTS]) {
          const expected = roleChains(world, caller, overrides);
          const actual = reachableChains(world, caller, overrides);
          if (expected.length > 1) reachedSomething++;
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            throw new Error(`from ${caller.arn} under ${JSON.stringify(overrides)}: memoized ${JSON.stringify(actual.map((c) => c.path))}, breadth-first ${JSON.stringify(expected.map((c) => c.path))}\nworld: ${text}`);
          }
        }
      }
    });
    const details = fc.check(property, { seed: SEED, numRuns: RUNS });
    if (details.failed) {
      expect.fail(`${String(details.errorInstance)}\nRerun: KEYPROOF_ROLE_GRAPH_SEED=${SEED} KEYPROOF_ROLE_GRAPH_RUNS=${RUNS} npx vitest run test/reference/role-reachability.property.test.ts`);
    }
    // The graphs must have chains worth comparing.
    expect(reachedSomething).toBeGreaterThan(RUNS);
  });
});

describe('role graphs at scale (issue 12.5), reference engine', () => {
  const transitiveCheck = (shape: 'chain' | 'complete', roles: number) => {
    const world = parseWorld(JSON.stringify(roleGraphWorld(shape, roles)), `${shape}.json`);
    const request = buildKmsRequest(world, { principal: ROLE_GRAPH_USER, action: 'kms:Decrypt', key: ROLE_GRAPH_KEY, context: [`sts:ExternalId=${ROLE_GRAPH_EXTERNAL_ID}`] });
    return checkWithReference(world, request, { transitive: true });
  };

  test('a chain of 2,000 roles: ALLOW through every role, well within a minute (it did not finish before)', () => {
    const start = performance.now();
    const answer = transitiveCheck('chain', 2000);
    expect(answer.decision).toBe('ALLOW');
    expect(answer.path).toHaveLength(2001);
    expect(performance.now() - start).toBeLessThan(60_000);
  }, 120_000);

  test('without the ExternalId, the chain stops at the first conditional step', () => {
    const world = parseWorld(JSON.stringify(roleGraphWorld('chain', 50)), 'chain.json');
    const request = buildKmsRequest(world, { principal: ROLE_GRAPH_USER, action: 'kms:Decrypt', key: ROLE_GRAPH_KEY, context: [] });
    expect(checkWithReference(world, request, { transitive: true }).decision).toBe('DENY');
    expect(reachableChains(world, request.caller, request.overrides).map((c) => c.path.length)).toEqual([2]);
  });

  test('a complete trust graph of 2,000 roles: DENY after every role reached is ruled out', () => {
    const start = performance.now();
    expect(transitiveCheck('complete', 2000).decision).toBe('DENY');
    expect(performance.now() - start).toBeLessThan(60_000);
  }, 120_000);
});
