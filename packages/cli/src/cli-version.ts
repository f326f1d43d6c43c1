import { readFileSync } from 'node:fs';

const PACKAGE_NAME = '@dbpass/cli';

/**
 * This package's version, read from its package.json when asked (never at start-up). The code runs from `src/`,
 * `dist/` or a bundle chunk in `dist/chunks/`, so the nearest package.json of this name above it is the one.
 */
export function cliVersion(): string {
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
