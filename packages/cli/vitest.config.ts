import { defineConfig } from 'vitest/config';
import { laneProjects } from '../../scripts/test-lanes.mjs';

export default defineConfig({
  test: {
    // unit, e2e and system (scripts/test-lanes.mjs); `vitest run` runs all three.
    projects: laneProjects(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each suite file starts a twin on real engines (~250-310 MB): two at a time on 2 cores, as the crash suites
    // spend most of their time waiting on jobs, retries and leases (one at a time took 21 minutes).
    maxWorkers: 2,
  },
});
