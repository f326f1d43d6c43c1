import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Installs from a registry that proxies the real one: the first install of a run fetches from it.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
