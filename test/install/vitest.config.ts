import { defineConfig } from 'vitest/config';
import { laneProjects } from '../../scripts/test-lanes.mjs';

export default defineConfig({
  test: {
    // unit, e2e and system (scripts/test-lanes.mjs); `vitest run` runs all three.
    projects: laneProjects(),
    // Installs from a registry that proxies the real one: the first install of a run fetches from it.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
