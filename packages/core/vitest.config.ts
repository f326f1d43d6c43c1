import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The unit tests run on Node, so `#crypto` and `#send` are the Node implementations, from source; web.ts has its own test.
  resolve: {
    alias: {
      '#crypto': fileURLToPath(new URL('./src/crypto/node.ts', import.meta.url)),
      '#send': fileURLToPath(new URL('./src/send/node.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
