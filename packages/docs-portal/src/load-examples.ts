import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Example } from './landing-page.js';

export const packageRoot = path.resolve(import.meta.dirname, '..');
export const examplesDir = path.join(packageRoot, 'examples');
const repoRoot = path.resolve(packageRoot, '..', '..');

/** The example's file name for an operation: `ResetGaussMySqlPassword` -> `reset-gauss-my-sql-password.ts`. */
export const exampleFileName = (operationId: string): string =>
  `${operationId.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;

/** The example program of each operation; an operation without one fails the build. */
export async function loadExamples(operationIds: readonly string[], dir = examplesDir): Promise<Map<string, Example>> {
  const entries = await Promise.all(
    operationIds.map(async (operationId) => {
      const file = path.join(dir, exampleFileName(operationId));
      const code = await readFile(file, 'utf8').catch(() => {
        throw new Error(
          `${operationId} has no example: add ${path.relative(repoRoot, file)} (the tests compile and run it)`,
        );
      });
      return [operationId, { source: path.relative(repoRoot, file), code }] as const;
    }),
  );
  return new Map(entries);
}
