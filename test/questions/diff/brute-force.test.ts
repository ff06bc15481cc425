/**
 * `diff` against brute force by the reference evaluator (issue 4, item 7), on generated pairs of key policies and
 * of identity policies (policy-pairs.ts), over the finite universe of pair-universe.ts:
 * (a) soundness: when some request of the universe is allowed by NEW and not by OLD, the verdict is more-permissive
 *     or incomparable (or diff says it could not rule that out); the same for OLD;
 * (b) so an `equivalent` verdict means brute force finds no difference;
 * (c) every witness diff prints is allowed by its side and denied by the other when asked again, in worlds this
 *     test builds itself (witness-request.ts).
 * The converse of (a), "a difference diff reports is found by brute force", holds only where the finite universe
 * stands for every request diff considers: a finite set of names, accounts and values cannot stand for a pattern
 * space in general (two overlapping wildcards, case-insensitive comparisons, sets of values, an IP range inside
 * another). It is checked only when `pairUniverse` finds no such gap and diff's answer is complete.
 * Settings: KEYPROOF_DIFF_BRUTE_SEED, KEYPROOF_DIFF_BRUTE_RUNS (pairs of each kind), KEYPROOF_DIFF_BRUTE_SHRINK_MS.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { limitsOf } from '../../../src/engine/limits.js';
import type { DiffPolicies } from '../../../src/questions/diff/input.js';
import type { Side } from '../../../src/engine/pair-solver.js';
import { diffPolicies, type DiffResult } from '../../../src/questions/diff/diff.js';
import { createZ3Engine, type Z3Engine } from '../../../src/engine/z3-engine.js';
import { BruteForceDisagreement, clearArtifacts, reportFailure } from './brute-force-report.js';
import { bruteForce, pairUniverse, type UniverseRequest } from './pair-universe.js';
import { identityPolicyPairArb, keyPolicyPairArb, PAIR_ACCOUNT, parsePairDocument, type PolicyPair } from './policy-pairs.js';
import { checkWitness } from './witness-request.js';

const ENV = 'KEYPROOF_DIFF_BRUTE';
const TEST_FILE = 'test/questions/diff/brute-force.test.ts';
const SEED = Number(process.env[`${ENV}_SEED`] ?? 20250607);
/**
 * Pairs of each kind (the variable sets both). A key-policy pair takes about 1.8 s (diff about 1.5 s of it), an
 * identity-policy pair about 1.2 s: the defaults keep the file under 30 s on two cores.
 */
const RUNS: Record<PolicyPair['kind'], number> = {
  key: Number(process.env[`${ENV}_RUNS`] ?? 8),
  identity: Number(process.env[`${ENV}_RUNS`] ?? 10),
};
/** How long fast-check may shrink a failure (each step asks diff and the brute force again). */
const SHRINK_MS = Number(process.env[`${ENV}_SHRINK_MS`] ?? 60_000);

/**
 * One Z3 engine (session) for many pairs saves Z3's start-up (0.4 s) per pair. Before diff released its solvers,
 * their memory was only given back when the session closed (150 key pairs in one session ran out of Z3's 2 GB);
 * a fresh engine every 25 pairs still bounds what the garbage collector may be slow to give back.
 */
const PAIRS_PER_ENGINE = 25;
let engine: Z3Engine | undefined;
let pairsInEngine = 0;
async function engineForPair(): Promise<Z3Engine> {
  if (!engine || pairsInEngine >= PAIRS_PER_ENGINE) {
    await engine?.close();
    engine = await createZ3Engine();
    pairsInEngine = 0;
  }
  pairsInEngine++;
  return engine;
}
afterAll(async () => { await engine?.close(); });

const claimsMore: Record<Side, ReadonlyArray<DiffResult['verdict']>> = {
  new: ['more-permissive', 'incomparable'],
  old: ['less-permissive', 'incomparable'],
};
const allowedOnly = (side: Side) => (side === 'new' ? 'NEW and not OLD' : 'OLD and not NEW');

interface Tally { pairs: number; verdicts: Record<string, number>; conversesChecked: number; asked: number }

/** The pair as `keyproof diff` reads it, and diff's answer (the key's account given, as --key-account does). */
async function diffOf(pair: PolicyPair): Promise<{ policies: DiffPolicies; result: DiffResult }> {
  const policies: DiffPolicies = { kind: pair.kind, old: parsePairDocument(pair.kind, 'old', pair.old), new: parsePairDocument(pair.kind, 'new', pair.new) };
  return { policies, result: await diffPolicies((await engineForPair()).runtime, policies, { account: PAIR_ACCOUNT, limits: limitsOf({}), maxWitnesses: 3 }) };
}

async function judge(pair: PolicyPair, tally: Tally): Promise<DiffResult> {
  const { policies, result } = await diffOf(pair);
  // (c) every witness is confirmed in this test's own worlds.
  for (const w of result.witnesses) {
    const check = checkWitness(pair, w);
    if (!check.confirmed) {
      throw new BruteForceDisagreement(`diff's witness allowed by ${w.allowedBy.toUpperCase()} gets ${check.decisions.old} from OLD and ${check.decisions.new} from NEW`, check.request, check.worlds);
    }
  }
  const universe = pairUniverse(pair, [policies.old, policies.new]);
  const brute = bruteForce(universe);
  tally.asked += brute.asked;
  const worldsOf = (r: UniverseRequest) => ({ old: universe.worlds.old.get(r.iam)!, new: universe.worlds.new.get(r.iam)! });
  for (const side of ['new', 'old'] as const) {
    const found = brute.only[side];
    const undecided = result.undecided.some((u) => u.allowedBy === side);
    // (a) and (b): a request allowed by one side alone is a difference diff must report (or admit it left open).
    if (found && !claimsMore[side].includes(result.verdict) && !undecided) {
      throw new BruteForceDisagreement(`the reference evaluator allows a request by ${allowedOnly(side)}, but diff answers ${result.verdict}`, found, worldsOf(found));
    }
  }
  if (universe.gaps.length === 0 && result.complete) {
    tally.conversesChecked++;
    for (const side of ['new', 'old'] as const) {
      if (claimsMore[side].includes(result.verdict) && !brute.only[side]) {
        throw new BruteForceDisagreement(`diff answers ${result.verdict}, but no request of the universe (which stands for all here) is allowed by ${allowedOnly(side)}`);
      }
    }
  }
  return result;
}

async function runProperty(arb: fc.Arbitrary<PolicyPair>, kind: PolicyPair['kind']): Promise<void> {
  const runs = RUNS[kind];
  const started = performance.now();
  const tally: Tally = { pairs: 0, verdicts: {}, conversesChecked: 0, asked: 0 };
  // Once a failure is found, shrinking stops after SHRINK_MS: later candidates pass unasked, so fast-check reports
  // the smallest failing pair found by then.
  let shrinkUntil: number | undefined;
  const property = fc.asyncProperty(arb, async (pair) => {
    if (shrinkUntil !== undefined && performance.now() > shrinkUntil) return;
    try {
      const result = await judge(pair, tally);
      tally.pairs++;
      tally.verdicts[result.verdict] = (tally.verdicts[result.verdict] ?? 0) + 1;
    } catch (error) {
      shrinkUntil ??= performance.now() + SHRINK_MS;
      throw error;
    }
  });
  const details = await fc.check(property, { seed: SEED, numRuns: runs });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`diff brute force, ${kind} policies: ${tally.pairs} pairs in ${seconds} s, verdicts ${JSON.stringify(tally.verdicts)}, ` +
    `${tally.asked} reference requests, converse checked on ${tally.conversesChecked}`);
  const failure = details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  if (details.failed && !details.counterexample) expect.fail(`the property failed without a counterexample (seed ${SEED}): ${failure.message}`);
  if (details.counterexample) {
    const [pair] = details.counterexample;
    let result: DiffResult | undefined;
    try {
      result = (await diffOf(pair)).result;
    } catch { /* the answer is shown if diff gives one */ }
    expect.fail(reportFailure(SEED, runs, pair, result, failure, ENV, TEST_FILE));
  }
  clearArtifacts(SEED, kind);
  // At least two different verdicts, or the properties were barely exercised.
  if (runs >= 8) expect(Object.keys(tally.verdicts).length, JSON.stringify(tally.verdicts)).toBeGreaterThanOrEqual(2);
}

describe(`diff against brute force by the reference evaluator (seed ${SEED}, ${RUNS.key} key and ${RUNS.identity} identity policy pairs)`, () => {
  test('key policies: every difference is reported, every witness is confirmed', async () => {
    await runProperty(keyPolicyPairArb, 'key');
  }, Math.max(120_000, RUNS.key * 8_000));

  test('identity policies: every difference is reported, every witness is confirmed', async () => {
    await runProperty(identityPolicyPairArb, 'identity');
  }, Math.max(120_000, RUNS.identity * 8_000));
});
