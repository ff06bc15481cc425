import { defineConfig } from 'vitest/config';

// The synthesized CDK app (aws-cdk-lib takes seconds to import on a loaded machine): npm run test:cdk.
export default defineConfig({
  test: {
    include: ['test/**/*.cdk.test.ts'],
    testTimeout: 180_000,
  },
});
