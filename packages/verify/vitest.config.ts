import { defineConfig } from 'vitest/config';
import { laneProjects } from '../../scripts/test-lanes.mjs';

export default defineConfig({
  test: {
    // unit, e2e and system (scripts/test-lanes.mjs); `vitest run` runs all three.
    projects: laneProjects(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
