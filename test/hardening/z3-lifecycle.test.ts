/**
 * Issue 12, item 2, the small version of the stress run in npm test (the full one: npm run test:hostile): runs
 * with tiny solver time limits end by themselves, exit 0 or 1-by-finding, without crash or worker noise.
 */
import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import { describeFailures, stress } from '../hostile/z3-stress.js';

test.skipIf(!existsSync('dist/src/cli/main.js'))('4 CLI runs with tiny solver time limits end cleanly', async () => {
  const failures = await stress(4, 2, 120);
  expect(failures, describeFailures(failures)).toEqual([]);
}, 600_000);
