import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Collects every e2e run's output and greps it for the test secrets at the end.
    globalSetup: ['test/e2e/outputs.ts'],
    // End-to-end tests spawn the built binary; two cores, so keep it modest.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
