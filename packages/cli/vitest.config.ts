import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each suite file starts a twin on real engines (~250-310 MB): one at a time.
    fileParallelism: false,
  },
});
