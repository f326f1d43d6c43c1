import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { laneProjects } from '../../scripts/test-lanes.mjs';

export default defineConfig({
  // The unit tests run on Node, so `#crypto` and `#send` are the Node implementations, from source; web.ts has its own test.
  resolve: {
    alias: {
      '#crypto': fileURLToPath(new URL('./src/crypto/node.ts', import.meta.url)),
      '#send': fileURLToPath(new URL('./src/wire/send/node.ts', import.meta.url)),
    },
  },
  test: {
    // unit, e2e and system (scripts/test-lanes.mjs); `vitest run` runs all three.
    projects: laneProjects(),
    testTimeout: 60_000,
  },
});
