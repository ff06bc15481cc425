/**
 * Role chains from the recursive rules (src/semantics/roles.kp, src/engine/role-reach.ts):
 * - on generated worlds (cycles, cross-account trust, trust policies with sts:ExternalId, aws:PrincipalOrgID,
 *   aws:PrincipalTag and MFA conditions, denies in identity policies and SCPs), the Z3 engine's chains for
 *   `check --transitive` are the reference evaluator's breadth-first chains: the same roles, by the same shortest
 *   paths, in the same order;
 * - the fixpoint evaluator's contract: what it refuses, non-linear rules, undecided steps, symbolic chains.
 * Settings: KEYPROOF_ROLE_REACH_SEED, KEYPROOF_ROLE_REACH_RUNS. A failure saves the world under
 * test-artifacts/role-reach/ and prints the commands that rerun it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../src/api/check.js';
import { z3Engine } from '../../src/api/engine-instance.js';
import { limitsOf } from '../../src/engine/limits.js';
import { evaluate, fact } from '../../src/engine/datalog/fixpoint.js';
import { reachRoles, symbolicRoleChains, type StepOutcome, type SymbolicStep } from '../../src/engine/role-reach.js';
import { InternalError } from '../../src/errors.js';
import { parseProgram } from '../../src/ir/parse.js';
import { canAssumeRole, roleChains } from '../../src/reference/role-assumption.js';
import { reachableChains } from '../../src/reference/role-reachability.js';
import { callersOfWorld, identityOf, type Caller } from '../../src/request/caller.js';
import type { ContextEntries } from '../../src/request/derive-context.js';
import type { RoleChain } from '../../src/request/role-chain.js';
import type { World } from '../../src/world/model.js';
import { chance, pickOne, sometimes, weighted } from '../diff/arbitrary-helpers.js';
import { loadNativeWorld } from '../diff/arbitrary-world.js';
import { shellQuote } from '../diff/counterexample.js';
import type { JsonCondition, JsonPolicyDocument, JsonStatement, NativeAccount, NativeWorld } from '../diff/native-format.js';
import { worldToYaml } from '../diff/serialise-world.js';

afterAll(closeEngines);

const SEED = Number(process.env.KEYPROOF_ROLE_REACH_SEED ?? 20260502);
/** 120 worlds, three starting identities each: about 11 s on two cores. */
const RUNS = Number(process.env.KEYPROOF_ROLE_REACH_RUNS ?? 120);
const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts', 'role-reach');

// ---- Generated worlds: roles that trust each other across accounts ----------------------------------------------

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'] as const;
const EXTERNAL_ACCOUNT = '999999999999';
const ORG_ID = 'o-keyproof01';
const ROLE_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4'] as const;
const USER_NAMES = ['u0', 'u1'] as const;
const EXTERNAL_IDS = ['ext-1', 'ext-2'] as const;

const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const userArn = (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`;

/** An identity named by indexes, bound to the world's accounts when assembled (so shrinking keeps references). */
type Ref = { kind: 'role' | 'user' | 'root'; account: number; name: number };
const refArb: fc.Arbitrary<Ref> = fc.record({
  kind: fc.constantFrom('role' as const, 'user' as const, 'root' as const),
  account: fc.nat({ max: ACCOUNTS.length - 1 }),
  name: fc.nat({ max: ROLE_NAMES.length - 1 }),
});

type TrustPrincipal = { kind: 'ref'; ref: Ref; plainAccountId: boolean } | { kind: 'anyone' } | { kind: 'external' };
const trustPrincipalArb: fc.Arbitrary<TrustPrincipal> = pickOne(
  weighted(fc.record({ kind: fc.constant('ref' as const), ref: refArb, plainAccountId: fc.boolean() }), 8),
  weighted(fc.constant({ kind: 'anyone' as const }), 1),
  weighted(fc.constant({ kind: 'external' as const }), 1),
);

/** Trust-policy conditions on keys the request sets (ExternalId, MFA) and keys the caller brings (org, tags). */
const trustConditionArb: fc.Arbitrary<JsonCondition | undefined> = pickOne(
  weighted(fc.constant(undefined), 4),
  weighted(fc.constantFrom(...EXTERNAL_IDS).map((id) => ({ StringEquals: { 'sts:ExternalId': id } })), 2),
  weighted(fc.constant({ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } }), 2),
  weighted(fc.constant({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } }), 1),
  weighted(fc.constant({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), 1),
);

const trustStatementArb = fc.record({ deny: chance(10), principal: trustPrincipalArb, condition: trustConditionArb });

/** What an identity policy lets its holder assume: any role, its account's roles, one role, or one name anywhere. */
type AssumeScope = { kind: 'none' | 'any' | 'own-account' } | { kind: 'role'; ref: Ref } | { kind: 'name-anywhere'; name: number };
const assumeScopeArb: fc.Arbitrary<AssumeScope> = pickOne(
  weighted(fc.constant({ kind: 'none' as const }), 1),
  weighted(fc.constant({ kind: 'any' as const }), 3),
  weighted(fc.constant({ kind: 'own-account' as const }), 2),
  weighted(refArb.map((ref) => ({ kind: 'role' as const, ref })), 2),
  weighted(fc.nat({ max: ROLE_NAMES.length - 1 }).map((name) => ({ kind: 'name-anywhere' as const, name })), 1),
);

const holderArb = fc.record({ assume: assumeScopeArb, deny: sometimes(refArb, 15), blueTeam: fc.boolean() });
const roleRawArb = fc.record({ holder: holderArb, trust: fc.array(trustStatementArb, { minLength: 1, maxLength: 2 }) });
const accountRawArb = fc.record({
  users: fc.tuple(...USER_NAMES.map(() => sometimes(holderArb, 70))),
  roles: fc.tuple(...ROLE_NAMES.map(() => sometimes(roleRawArb, 75))),
});
const rawWorldArb = fc.record({
  accountCount: fc.integer({ min: 1, max: ACCOUNTS.length }),
  accounts: fc.tuple(...ACCOUNTS.map(() => accountRawArb)),
  organization: sometimes(fc.record({
    members: fc.tuple(...ACCOUNTS.map(() => fc.boolean())),
    // An SCP that denies assuming one role name, to the accounts chosen (FullAWSAccess otherwise).
    scpDeny: sometimes(fc.record({ name: fc.nat({ max: ROLE_NAMES.length - 1 }), targets: fc.tuple(...ACCOUNTS.map(() => fc.boolean())) }), 50),
  }), 60),
});
type RawWorld = typeof rawWorldArb extends fc.Arbitrary<infer T> ? T : never;

function assemble(raw: RawWorld): NativeWorld {
  const accounts = ACCOUNTS.slice(0, raw.accountCount);
  const account = (i: number) => accounts[i % accounts.length]!;
  const arnOf = (ref: Ref) => (ref.kind === 'root' ? `arn:aws:iam::${account(ref.account)}:root`
    : ref.kind === 'user' ? userArn(account(ref.account), USER_NAMES[ref.name % USER_NAMES.length]!)
    : roleArn(account(ref.account), ROLE_NAMES[ref.name]!));
  const trustPrincipal = (p: TrustPrincipal) => (p.kind === 'anyone' ? '*'
    : p.kind === 'external' ? { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` }
    : { AWS: p.ref.kind === 'root' && p.plainAccountId ? account(p.ref.account) : arnOf(p.ref) });
  const identityPolicy = (own: string, holder: RawWorld['accounts'][number]['users'][number] & object) => {
    const statements: JsonStatement[] = [];
    const scope = holder.assume;
    const resource = scope.kind === 'any' ? '*' : scope.kind === 'own-account' ? roleArn(own, '*')
      : scope.kind === 'role' ? roleArn(account(scope.ref.account), ROLE_NAMES[scope.ref.name]!)
      : scope.kind === 'name-anywhere' ? `arn:aws:iam::*:role/${ROLE_NAMES[scope.name]}` : undefined;
    if (resource) statements.push({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource });
    if (holder.deny) statements.push({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: roleArn(account(holder.deny.account), ROLE_NAMES[holder.deny.name]!) });
    return statements.length > 0 ? [{ name: 'assume', document: { Version: '2012-10-17', Statement: statements } }] : undefined;
  };
  const nativeAccounts: NativeAccount[] = accounts.map((id, i) => {
    const raw1 = raw.accounts[i]!;
    return {
      id,
      users: raw1.users.flatMap((u, n) => (u ? [{
        arn: userArn(id, USER_NAMES[n]!), policies: identityPolicy(id, u), ...(u.blueTeam ? { tags: { team: 'blue' } } : {}),
      }] : [])),
      roles: raw1.roles.flatMap((r, n) => (r ? [{
        arn: roleArn(id, ROLE_NAMES[n]!),
        trustPolicy: {
          Version: '2012-10-17',
          Statement: r.trust.map((s) => ({
            Effect: s.deny ? 'Deny' as const : 'Allow' as const, Principal: trustPrincipal(s.principal), Action: 'sts:AssumeRole',
            ...(s.condition ? { Condition: s.condition } : {}),
          })),
        },
        policies: identityPolicy(id, r.holder), ...(r.holder.blueTeam ? { tags: { team: 'blue' } } : {}),
      }] : [])),
    };
  });
  const org = raw.organization;
  const members = org ? accounts.filter((_, i) => org.members[i]) : [];
  const scpTargets = org?.scpDeny ? members.filter((_, i) => org.scpDeny!.targets[i]) : [];
  const scp: JsonPolicyDocument | undefined = org?.scpDeny && {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${ROLE_NAMES[org.scpDeny.name]}` },
    ],
  };
  return {
    accounts: nativeAccounts,
    keys: [],
    ...(org ? {
      organization: {
        id: ORG_ID, accounts: members,
        ...(scp && scpTargets.length > 0 ? { serviceControlPolicies: [{ name: 'no-assume', targets: scpTargets, document: scp }] } : {}),
      },
    } : {}),
  };
}

/** Context a check --transitive request may bring: an external id, MFA, both, or nothing. */
const overridesArb: fc.Arbitrary<ContextEntries> = pickOne(
  weighted(fc.constant<ContextEntries>([]), 2),
  weighted(fc.constantFrom(...EXTERNAL_IDS).map((id): ContextEntries => [['sts:ExternalId', [id]]]), 2),
  weighted(fc.constant<ContextEntries>([['aws:MultiFactorAuthPresent', ['true']]]), 1),
  weighted(fc.constantFrom(...EXTERNAL_IDS).map((id): ContextEntries => [['sts:ExternalId', [id]], ['aws:MultiFactorAuthPresent', ['true']]]), 1),
);

const caseArb = fc.record({ world: rawWorldArb.map(assemble), overrides: overridesArb, starts: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }) });

// ---- The property -------------------------------------------------------------------------------------------------

const pathsOf = (chains: ReadonlyArray<Pick<RoleChain, 'path'>>) => chains.map((c) => c.path);

class Disagreement extends Error {
  constructor(message: string, readonly caller: Caller) {
    super(message);
  }
}

function saveCounterexample(world: World, overrides: ContextEntries, failure: Error): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `counterexample-${SEED}.yaml`);
  const shown = relative(process.cwd(), file);
  const principal = failure instanceof Disagreement ? failure.caller.arn : '<principal>';
  // A key the chain's last role may use is not part of the world; any key ARN shows the chain in the trace.
  const commands = (['reference', 'z3'] as const).map((engine) => ['npx', 'keyproof', 'check', '--world', shown, '--principal', principal,
    '--action', 'kms:Decrypt', '--key', 'arn:aws:kms:us-east-1:111111111111:key/none', ...overrides.flatMap(([k, vs]) => vs.flatMap((v) => ['--context', `${k}=${v}`])),
    '--transitive', '--engine', engine, '--format', 'json'].map(shellQuote).join(' '));
  writeFileSync(file, worldToYaml(world, [`keyproof role-reach property test, seed ${SEED}: ${failure.message}`, `overrides: ${JSON.stringify(overrides)}`]));
  return [`World file: ${shown} (overrides ${JSON.stringify(overrides)})`, ...commands.map((c) => `Compare the traces: ${c}`)].join('\n');
}

describe(`role chains from the recursive rules against the reference's breadth-first search (seed ${SEED}, ${RUNS} worlds)`, () => {
  test('the Z3 engine reaches the same roles by the same shortest chains as the reference evaluator', async () => {
    const rt = (await z3Engine()).runtime;
    const limits = limitsOf({});
    const seen = { chains: 0, longest: 0, crossAccount: 0, cyclesThroughStart: 0, externalIdSteps: 0, orgIdSteps: 0 };
    const property = fc.asyncProperty(caseArb, async ({ world: native, overrides, starts }) => {
      const world = loadNativeWorld(native);
      const callers = callersOfWorld(world);
      for (const pick of starts) {
        const caller = callers[pick % callers.length]!;
        const expected = roleChains(world, caller, overrides);
        const actual = await rt.roleChains(world, caller, overrides, limits) as { chains: RoleChain[]; undecided?: unknown };
        // The reference's memoized, indexed search (role-reachability.ts) is the oracle's answer exactly: the same
        // chains, statements and traces; asked twice, the second time from its memo.
        for (const round of ['first', 'memoized']) {
          const fast = reachableChains(world, caller, overrides);
          if (JSON.stringify(fast) !== JSON.stringify(expected)) {
            throw new Disagreement(`from ${identityOf(caller)} with ${JSON.stringify(overrides)} (${round}): the reference's memoized search reaches ${JSON.stringify(pathsOf(fast))}, its breadth-first search ${JSON.stringify(pathsOf(expected))}`, caller);
          }
        }
        if (actual.undecided) throw new Disagreement(`a step was undecided for ${identityOf(caller)}`, caller);
        if (JSON.stringify(pathsOf(actual.chains)) !== JSON.stringify(pathsOf(expected))) {
          throw new Disagreement(`from ${identityOf(caller)} with ${JSON.stringify(overrides)}: the fixpoint reaches ${JSON.stringify(pathsOf(actual.chains))}, the reference ${JSON.stringify(pathsOf(expected))}`, caller);
        }
        for (const chain of expected) countChain(world, caller, chain, overrides);
      }
    });
    /** What the chains went through: the worlds must exercise what the rules are for, or agreement says little. */
    const countChain = (world: World, start: Caller, chain: RoleChain, overrides: ContextEntries) => {
      const roleAt = (arn: string) => world.accounts.get(arn.split(':')[4]!)?.roles.get(arn);
      seen.chains++;
      seen.longest = Math.max(seen.longest, chain.path.length - 1);
      if (new Set(chain.path.map((arn) => arn.split(':')[4])).size > 1) seen.crossAccount++;
      if (start.kind === 'role-session' && canAssumeRole(world, chain.caller, start.role, overrides).allowed) seen.cyclesThroughStart++;
      for (const arn of chain.path.slice(1)) {
        const trust = JSON.stringify(roleAt(arn)?.trustPolicy?.document ?? {});
        if (trust.includes('sts:ExternalId')) seen.externalIdSteps++;
        if (trust.includes('aws:PrincipalOrgID')) seen.orgIdSteps++;
      }
    };
    const details = await fc.check(property, { seed: SEED, numRuns: RUNS });
    console.log(`role-reach property: ${RUNS} worlds, ${JSON.stringify(seen)}`);
    if (details.failed && details.counterexample) {
      const [{ world: native, overrides }] = details.counterexample;
      const failure = details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
      expect.fail([`role chains disagree (seed ${SEED}, shrunk ${details.numShrinks} times): ${failure.message}`,
        saveCounterexample(loadNativeWorld(native), overrides, failure),
        `Rerun this test: KEYPROOF_ROLE_REACH_SEED=${SEED} KEYPROOF_ROLE_REACH_RUNS=${RUNS} npx vitest run test/engine/role-reach.test.ts`].join('\n'));
    }
    rmSync(join(ARTIFACTS_DIR, `counterexample-${SEED}.yaml`), { force: true });
    expect(seen.longest).toBeGreaterThanOrEqual(3);
    expect(seen.crossAccount).toBeGreaterThan(0);
    expect(seen.cyclesThroughStart).toBeGreaterThan(0);
    expect(seen.externalIdSteps).toBeGreaterThan(0);
    expect(seen.orgIdSteps).toBeGreaterThan(0);
  }, Math.max(300_000, RUNS * 5_000));
});

// ---- The evaluator's contract ---------------------------------------------------------------------------------------

describe('the fixpoint evaluator', () => {
  const none = new Map();

  test.each([
    ['a negated atom', 'p(X) :- q(X), not r(X).', /negated atom r/],
    ['a request field', 'p(X) :- q(X), $principal == X.', /request field \$principal/],
    ['a context constraint', 'p(X) :- q(X), present("aws:SourceIp").', /constraint 'present'/],
    ['a comparison before its variables are bound', 'p(X) :- X != "a", q(X).', /comparison needs its variables bound/],
  ])('refuses %s', async (_, text, message) => {
    await expect(evaluate(parseProgram(text), [], none)).rejects.toThrow(InternalError);
    await expect(evaluate(parseProgram(text), [], none)).rejects.toThrow(message);
  });

  test('a demand relation must have its bound arguments bound by earlier atoms', async () => {
    const step = { boundPositions: [0], candidates: () => [], confirm: () => true };
    await expect(evaluate(parseProgram('p(Y) :- step(X, Y), q(X).'), [], new Map([['step', step]]))).rejects.toThrow(/step needs its variables bound/);
  });

  test('a non-linear rule (two recursive atoms) reaches the same closure, each fact at its derivation depth', async () => {
    const program = parseProgram('path(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), path(Y, Z).');
    const edges = [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'a']].map(([x, y]) => fact('edge', x!, y!));
    const derived = await evaluate(program, edges, none);
    expect(derived.of('path')).toHaveLength(25);
    const depth = (x: string, y: string) => derived.get(fact('path', x, y))!.round;
    // Doubling: a path of 2 steps in round 2, 3 and 4 steps in round 3, 5 steps in round 4.
    expect([depth('a', 'b'), depth('a', 'c'), depth('a', 'd'), depth('a', 'e'), depth('a', 'a')]).toEqual([1, 2, 3, 3, 4]);
  });

  test("the program's own facts take part", async () => {
    const derived = await evaluate(parseProgram('edge("a", "b").\nreach(X) :- start(X).\nreach(Y) :- reach(X), edge(X, Y).'), [fact('start', 'a')], none);
    expect(derived.of('reach').map((d) => d.fact.args[0])).toEqual(['a', 'b']);
  });
});

// ---- Role reach with deciders of its own --------------------------------------------------------------------------

/** Three roles in two accounts, each trusting the one before it: u -> A -> B -> C -> A (a cycle). */
function chainWorld(): World {
  const trust = (principal: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
  return loadNativeWorld({
    accounts: [
      { id: ACCOUNTS[0], users: [{ arn: userArn(ACCOUNTS[0], 'u0') }], roles: [{ arn: roleArn(ACCOUNTS[0], 'A'), trustPolicy: trust(userArn(ACCOUNTS[0], 'u0')) }, { arn: roleArn(ACCOUNTS[0], 'C'), trustPolicy: trust(roleArn(ACCOUNTS[1], 'B')) }] },
      { id: ACCOUNTS[1], roles: [{ arn: roleArn(ACCOUNTS[1], 'B'), trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [roleArn(ACCOUNTS[0], 'A'), roleArn(ACCOUNTS[0], 'C')] }, Action: 'sts:AssumeRole' }] } }] },
    ],
    keys: [],
  });
}

describe('role reach with a given step decider', () => {
  const world = chainWorld();
  const [user] = callersOfWorld(world).filter((c) => c.kind === 'user');

  test('asks only the steps whose trust policy could name the caller, once each, and ends cycles', async () => {
    const asked: string[] = [];
    const reach = await reachRoles<{ n: number }>(world, user!, async (from, role) => {
      asked.push(`${identityOf(from)} -> ${role.name}`);
      return { status: 'allowed', n: asked.length };
    });
    expect(reach.reached.map((r) => r.path.map((arn) => arn.split('/').pop()))).toEqual([['u0', 'A'], ['u0', 'A', 'B'], ['u0', 'A', 'B', 'C']]);
    expect(asked).toEqual([`${userArn(ACCOUNTS[0], 'u0')} -> A`, `${roleArn(ACCOUNTS[0], 'A')} -> B`, `${roleArn(ACCOUNTS[1], 'B')} -> C`]);
    expect(reach.reached[2]!.steps.map((s) => s.n)).toEqual([1, 2, 3]);
  });

  test('an undecided step is reported, and what lies behind it is not reached', async () => {
    const reach = await reachRoles(world, user!, async (_, role): Promise<StepOutcome<object>> =>
      (role.name === 'B' ? { status: 'unknown', why: 'timeout' } : { status: 'allowed' }));
    expect(reach.reached.map((r) => r.path.length)).toEqual([2]);
    expect(reach.undecided).toEqual([{ from: roleArn(ACCOUNTS[0], 'A'), role: roleArn(ACCOUNTS[1], 'B'), why: 'timeout' }]);
  });

  test('a symbolic chain carries the context values of all its steps, later steps winning, and each step\'s statements', async () => {
    const needs: Record<string, ContextEntries> = {
      A: [['sts:ExternalId', ['ext-1']]], B: [['aws:MultiFactorAuthPresent', ['true']], ['sts:ExternalId', ['ext-2']]], C: [],
    };
    const { chains, undecided } = await symbolicRoleChains(world, user!, async (_, role): Promise<StepOutcome<SymbolicStep>> =>
      ({ status: 'allowed', context: needs[role.name]!, matched: [{ source: 'trust-policy', policy: role.arn, sid: '0', effect: 'Allow' }] }));
    expect(undecided).toEqual([]);
    expect(chains[1]!.context).toEqual([['sts:ExternalId', ['ext-2']], ['aws:MultiFactorAuthPresent', ['true']]]);
    expect(chains[2]!.steps.map((s) => s[0]!.policy)).toEqual(chains[2]!.path.slice(1));
    expect(chains.map((c) => c.caller.kind)).toEqual(['role-session', 'role-session', 'role-session']);
  });
});
