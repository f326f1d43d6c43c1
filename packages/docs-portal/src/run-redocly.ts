import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cliPackage = createRequire(import.meta.url).resolve('@redocly/cli/package.json');
const cli = path.join(path.dirname(cliPackage), 'bin', 'cli.js');
/** The portal's Redoc options (package root redocly.yaml); the root manifest is only read for its `apis`. */
export const docsConfig = path.resolve(import.meta.dirname, '..', 'redocly.yaml');

/** Runs the Redocly CLI with no telemetry and no update check, so nothing leaves the machine. */
export async function redocly(args: readonly string[]): Promise<void> {
  await run(process.execPath, [cli, ...args, `--config=${docsConfig}`], {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The spec bundled into one JSON document (external $refs pulled in, internal ones kept). */
export async function bundleSpec(root: string, output: string): Promise<void> {
  await redocly(['bundle', root, '--ext=json', `--output=${output}`]);
}

/** A self-contained Redoc page: its scripts are inlined instead of loaded from Redocly's CDN. */
export async function buildDocsPage(spec: string, output: string, title: string): Promise<void> {
  await redocly(['build-docs', spec, '--inlineBundle', `--output=${output}`, `--title=${title}`]);
}
