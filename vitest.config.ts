import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'proofs/**/*.proof.test.ts'],
    // The hostile corpus and the Z3 stress run have their own script (npm run test:hostile).
    exclude: [...configDefaults.exclude, 'test/hostile/**'],
    testTimeout: 60_000,
  },
});
