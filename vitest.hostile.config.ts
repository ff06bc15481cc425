import { defineConfig } from 'vitest/config';

/** `npm run test:hostile`: the hostile-input corpus and the Z3 stress run (issue 12), kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/hostile/**/*.test.ts'],
    testTimeout: 600_000,
    // One CLI at a time: the bounds are per process, and the machine is shared.
    fileParallelism: false,
  },
});
