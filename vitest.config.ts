import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'proofs/**/*.proof.test.ts'],
    // The hostile corpus and the Z3 stress run have their own script (npm run test:hostile), the synthesized CDK
    // app too (npm run test:cdk).
    exclude: [...configDefaults.exclude, 'test/hostile/**', 'test/**/*.cdk.test.ts'],
    testTimeout: 60_000,
  },
});
