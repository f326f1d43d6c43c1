import type { TestProjectInlineConfiguration } from 'vitest/config';

export type Lane = 'unit' | 'e2e' | 'system';
/** The lanes, lightest first. */
export declare const LANES: readonly Lane[];
/** Where a workspace package keeps its test files (and helpers), relative to its folder. */
export declare const TEST_ROOTS: readonly string[];
/** The lane a test file's name puts it in. */
export declare function laneOf(file: string): Lane;
/** The vitest projects `unit`, `e2e` and `system`, which inherit the rest of the package's config. */
export declare function laneProjects(): TestProjectInlineConfiguration[];
