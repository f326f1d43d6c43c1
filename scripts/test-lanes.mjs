// The test lanes. A test file's name says what it needs, and so which lane runs it:
//   name.test.ts         unit    Node and node_modules only: no emulator, engine, store server, browser, other program
//   name.e2e.test.ts     e2e     the in-memory emulator over real HTTP on 127.0.0.1, no engines
//   name.system.test.ts  system  real engines, store servers, a browser, other runtimes and programs
// Every package's vitest config takes its projects from here: each file is in exactly one lane, and `vitest run`
// (every project) runs them all. scripts/check-test-lanes.mjs checks that a file's needs fit its name.
import { configDefaults } from 'vitest/config';

export const LANES = ['unit', 'e2e', 'system'];

/** Where a workspace package keeps its test files (and helpers), relative to its folder. */
export const TEST_ROOTS = ['src', 'test'];

const LANE_SUFFIX = { e2e: '.e2e.test.ts', system: '.system.test.ts' };

/** The lane a test file's name puts it in. */
export function laneOf(file) {
  if (file.endsWith(LANE_SUFFIX.e2e)) return 'e2e';
  if (file.endsWith(LANE_SUFFIX.system)) return 'system';
  return 'unit';
}

const under = (pattern) => TEST_ROOTS.map((root) => `${root}/**/${pattern}`);

/** The vitest projects `unit`, `e2e` and `system`, which inherit the rest of the package's config. */
export function laneProjects() {
  return [
    {
      extends: true,
      test: {
        name: 'unit',
        include: under('*.test.ts'),
        exclude: [...configDefaults.exclude, ...under(`*${LANE_SUFFIX.e2e}`), ...under(`*${LANE_SUFFIX.system}`)],
      },
    },
    { extends: true, test: { name: 'e2e', include: under(`*${LANE_SUFFIX.e2e}`) } },
    { extends: true, test: { name: 'system', include: under(`*${LANE_SUFFIX.system}`) } },
  ];
}
