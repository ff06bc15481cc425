import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'proofs/**/*.proof.test.ts'],
    testTimeout: 60_000,
  },
});
