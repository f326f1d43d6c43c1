import { createRequire } from 'node:module';

const PACKAGE_NAME = '@dbpass/cli';

/**
 * This package's version, read from its package.json when asked (never at start-up). The code runs from `src/`,
 * `dist/` or a bundle chunk in `dist/chunks/`, so the nearest package.json of this name above it is the one.
 */
export function cliVersion(): string {
  // Required here, not imported: an ES module import of node:fs makes Node build its whole export list (loading its
  // streams) at every start, a few milliseconds of `dbpass --help` (whose goal is 1.5x `node -e 0`).
  const { readFileSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // not there: the next folder up
    }
  }
  throw new Error(`cannot find the package.json of ${PACKAGE_NAME} above ${import.meta.url}`);
}
