// Generated files go through the repository's formatter (Biome, biome.json) before they are written, so that
// they read like hand-written code and `biome ci` passes over them unchanged.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './load-apis.mjs';

const FORMATTED = /\.(ts|mts|js|mjs|json)$/;
const biome = path.join(repoRoot, 'node_modules', '.bin', 'biome');

function run(command, file, input) {
  const result = spawnSync(biome, [command, '--write', `--stdin-file-path=${path.relative(repoRoot, file)}`], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`biome could not format ${file}:\n${result.stderr || result.error}`);
  return result.stdout;
}

/** `contents` as Biome formats the file at `file`, imports sorted. */
export function formatSource(file, contents) {
  if (!FORMATTED.test(file)) return contents;
  // `format` fails on a syntax error; `check` (which also sorts imports) would pass the text through unchanged.
  return run('check', file, run('format', file, contents));
}
