import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Captures what handlers log in the test processes too, for the end-of-run log scan (test/support/log-scan.ts).
    setupFiles: ['test/support/log-capture.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: the local runtime and DynamoDB Local need one of them.
    maxWorkers: 2,
  },
});
