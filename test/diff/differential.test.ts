/**
 * The differential test: the engine under test (engine-under-test.ts) must answer every generated case as the
 * reference evaluator does. Settings: KEYPROOF_DIFF_SEED, KEYPROOF_DIFF_RUNS (default 2000), KEYPROOF_DIFF_TIMEOUT_MS
 * (see settings.ts). `npm run test:deep` runs 100,000 cases.
 *
 * The cases are also measured with the reference alone: every question of its flowchart must be reached with both
 * answers, and every outcome must be common, or the generators have a blind spot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ARTIFACTS_DIR } from './counterexample.js';
import { flowchartQuestionPatterns } from './coverage.js';
import { failureMessage, runDifferential } from './differential.js';
import { createEngineUnderTest } from './engine-under-test.js';
import { OUTCOMES } from './outcome-distribution.js';
import { runReferencePass, type ReferencePass } from './reference-pass.js';
import { diffSettingsFromEnv, testTimeoutFor } from './settings.js';

const settings = diffSettingsFromEnv();
const timeout = testTimeoutFor(settings.numRuns);

/**
 * Questions the reference only asks when the answer is already known, so they can have one answer only:
 * - "Does kms:OP work across accounts?" is asked only for an operation that does not (kms-decision.ts);
 * - "Is the caller an AWS service principal ...?" only of a service principal (key-trust.ts);
 * - "Is the caller an identity that can assume roles ...?" only of the account root user, and
 *   "Does the role have a trust policy?" only of a role without one (role-assumption.ts).
 */
const ONE_ANSWER_ONLY: ReadonlyMap<string, boolean> = new Map([
  ['Does kms:OPERATION work across accounts?', false],
  ['Is the caller an AWS service principal (which has no account of its own)?', true],
  ['Is the caller an identity that can assume roles (not the account root user)?', false],
  ['Does the role have a trust policy?', false],
]);

const MIN_SHARE = 0.05;

describe(`differential test (seed ${settings.seed}, ${settings.numRuns} cases)`, () => {
  test('the engine under test agrees with the reference evaluator on decision, reason and trusted', async () => {
    const engine = await createEngineUnderTest();
    const started = performance.now();
    try {
      const outcome = await runDifferential(engine, settings);
      console.log(`differential: ${settings.numRuns} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`
        + (settings.timeoutMs !== undefined ? `, ${outcome.timedOut} UNKNOWN under the forced time limit` : ''));
      if (outcome.failure) expect.fail(failureMessage(outcome));
    } finally {
      await engine.close();
    }
  }, timeout);

  describe('what the generated cases exercise (reference evaluator alone)', () => {
    let pass: Promise<ReferencePass> | undefined;
    const referencePass = () => (pass ??= runReferencePass(settings));

    test('every question of the flowchart is reached, with both answers', async () => {
      const { coverage, millis } = await referencePass();
      const rows = coverage.table();
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(join(ARTIFACTS_DIR, 'coverage.json'), JSON.stringify(rows, null, 2) + '\n');
      console.log(`flowchart coverage over ${settings.numRuns} cases (reference pass: ${(millis / 1000).toFixed(1)} s):\n${coverage.format()}`);

      const unreached = flowchartQuestionPatterns()
        .filter(({ pattern }) => !rows.some((r) => pattern.test(r.question)))
        .map(({ text }) => text);
      expect(unreached, 'questions of src/reference/ that no generated case reaches').toEqual([]);

      const oneSided = rows.filter((r) => !ONE_ANSWER_ONLY.has(r.question) && (r.yes === 0 || r.no === 0));
      expect(oneSided, 'questions reached with one answer only').toEqual([]);
      for (const [question, answer] of ONE_ANSWER_ONLY) {
        const row = rows.find((r) => r.question === question);
        expect(row, `"${question}" is reached`).toBeDefined();
        expect(answer ? row!.no : row!.yes, `"${question}" is only ever answered ${answer ? 'yes' : 'no'}`).toBe(0);
      }
    }, timeout);

    test(`every outcome (reason, trusted) occurs in at least ${MIN_SHARE * 100}% of the cases`, async () => {
      const { distribution } = await referencePass();
      console.log(`outcomes over ${settings.numRuns} cases:\n${distribution.format()}`);
      const shares = distribution.shares();
      for (const outcome of OUTCOMES) expect(shares[outcome], outcome).toBeGreaterThanOrEqual(MIN_SHARE);
    }, timeout);
  });
});
