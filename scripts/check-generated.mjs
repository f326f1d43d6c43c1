#!/usr/bin/env node
// Drift check: what the generators make from the specs must be what the working tree holds (committed or
// not: a correct regeneration that is not committed yet passes).
// - TypeScript packages: regenerated into a temporary folder and compared file by file with the working
//   tree, stale generated files included.
// - Go clients (clients/go, openapi-generator, needs Java): regenerated only when the hash of their inputs
//   differs from the one recorded when they were generated (clients/generated-from.sha256), so a
//   TypeScript-only change does not need Java. The Python clients are not committed (nothing takes them from
//   the repository; `turbo run generate` makes them before their tests), so there is nothing to drift.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inputsHash, STAMP } from '../clients/scripts/inputs-hash.mjs';
import { loadApiEntries } from './generate/load-apis.mjs';

const root = path.resolve(import.meta.dirname, '..');
const COMMITTED_POLYGLOT_OUTPUTS = ['clients/go/taurusdb', 'clients/go/oceanbase'];
const FIX =
  'Fix: run `npm run generate` (and `pnpm --filter @dbpass/clients-polyglot generate` for clients/), then commit (never edit generated files by hand).';

/** Every file under `dir`, as paths relative to `base`. */
function filesUnder(dir, base) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)));
}

const digest = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

function checkTypeScript() {
  const out = mkdtempSync(path.join(tmpdir(), 'dbpass-generated-'));
  try {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/generate.mjs'), '--out', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
    const fresh = filesUnder(out, out);
    const problems = fresh
      .filter(
        (file) => !existsSync(path.join(root, file)) || digest(path.join(root, file)) !== digest(path.join(out, file)),
      )
      .map((file) => `differs: ${file}`);
    return {
      problems,
      generatedDirs: new Set(
        fresh.filter((file) => file.includes('/src/generated/')).map((file) => path.dirname(file)),
      ),
      fresh: new Set(fresh),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function staleTypeScript(fresh) {
  const problems = [];
  for (const api of await loadApiEntries()) {
    const dir = path.dirname(api.schemaOutput);
    for (const file of filesUnder(dir, root))
      if (!fresh.has(file)) problems.push(`stale (the generator no longer makes it): ${file}`);
  }
  return problems;
}

async function checkPolyglot() {
  const recorded = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : undefined;
  if (recorded === (await inputsHash())) {
    console.log('Go clients: generated from the current specs and configuration (recorded hash), not regenerated.');
    return [];
  }
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
    return [
      'the specs or clients/ changed, and regenerating the Go clients needs Java 11+ (openapi-generator): install it (`npm run setup` does, as root)',
    ];
  }
  const snapshot = (files) => new Map(files.map((file) => [file, digest(path.join(root, file))]));
  const outputs = () => COMMITTED_POLYGLOT_OUTPUTS.flatMap((dir) => filesUnder(path.join(root, dir), root));
  const before = snapshot(outputs());
  const result = spawnSync(process.execPath, ['clients/scripts/generate.mjs'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const after = snapshot(outputs());
  const problems = [];
  for (const [file, hash] of after)
    if (before.get(file) !== hash)
      problems.push(`${before.has(file) ? 'differs' : 'missing'}: ${file} (now regenerated in place)`);
  for (const file of before.keys()) if (!after.has(file)) problems.push(`stale: ${file} (now removed)`);
  return problems;
}

const typescript = checkTypeScript();
const problems = [...typescript.problems, ...(await staleTypeScript(typescript.fresh)), ...(await checkPolyglot())];
if (problems.length > 0) {
  console.error(`Generated files differ from what the specs make:\n- ${problems.join('\n- ')}\n\n${FIX}`);
  process.exit(1);
}
console.log('Generated packages match the specs.');
