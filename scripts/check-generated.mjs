#!/usr/bin/env node
// Drift check: regenerate every client package from the specs and fail if anything differs from what is
// committed (changed, added or deleted files in the generated packages): the TypeScript packages and the
// Python and Go clients of clients/ (openapi-generator; clients/scripts/generate.mjs fetches its jar if needed).
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const generated = ['packages/client-*', 'clients/python/taurusdb', 'clients/python/oceanbase', 'clients/go/taurusdb', 'clients/go/oceanbase'];
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

for (const generator of ['scripts/generate.mjs', 'clients/scripts/generate.mjs']) {
  const result = spawnSync(process.execPath, [generator], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const changed = git('status', '--porcelain', '--untracked-files=all', '--', ...generated).trim();
if (changed) {
  console.error(`Generated files differ from the specs:\n${changed}\n\n${git('diff', '--stat', '--', ...generated)}`);
  console.error('Fix: run `npm run generate` and commit the result (never edit generated files by hand).');
  process.exit(1);
}
console.log('Generated packages match the specs.');
