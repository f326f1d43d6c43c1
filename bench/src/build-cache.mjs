// Build cache: a fresh clone of this repository (its committed HEAD) in a temp folder, installed offline,
// then `pnpm generate && pnpm build` cold, warm with no change (3 times), `pnpm build` alone warm, and
// once after editing one spec's summary (which tasks missed the cache). Prints one JSON object on stdout.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cloneEnv } from '../../scripts/clone-env.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const clone = mkdtempSync(path.join(tmpdir(), 'dbpass-bench-clone-'));
const env = cloneEnv(root);
const run = (command) => {
  const t0 = performance.now();
  const output = execFileSync('sh', ['-c', command], {
    cwd: clone,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  return { seconds: (performance.now() - t0) / 1000, output };
};
const cacheStatus = (output) =>
  Object.fromEntries(
    [...output.matchAll(/^(\S+?):([\w:-]+): cache (hit|miss|bypass)/gm)].map((m) => [`${m[1]}#${m[2]}`, m[3]]),
  );
// A task counts as missed when it missed in any of the commands (`pnpm build` replays generate's cache).
const merge = (runs) => {
  const status = {};
  for (const { output } of runs) {
    for (const [task, value] of Object.entries(cacheStatus(output)))
      status[task] = status[task] === 'miss' ? 'miss' : value;
  }
  return { seconds: runs.reduce((sum, r) => sum + r.seconds, 0), status };
};
const summary = (runs) => {
  const { seconds, status } = merge([runs].flat());
  const tasks = Object.keys(status);
  return {
    seconds: Math.round(seconds * 100) / 100,
    tasks: tasks.length,
    hits: tasks.filter((t) => status[t] === 'hit').length,
    missed: tasks.filter((t) => status[t] !== 'hit'),
  };
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

try {
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { env });
  const install = run('pnpm install --offline --frozen-lockfile');
  // The whole workspace when it builds at HEAD; else (a package mid-change elsewhere) the published
  // packages, with the failure recorded.
  let scope = 'workspace';
  let scopeNote;
  let filter = '';
  let cold;
  try {
    cold = summary([run('pnpm generate'), run('pnpm build')]);
  } catch (error) {
    const text = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    scopeNote =
      text
        .split('\n')
        .find((line) => /error|Failed:/i.test(line))
        ?.trim() ?? String(error.message).split('\n')[0];
    scope = 'published packages (@dbpass/client-taurusdb, @dbpass/client-oceanbase and @dbpass/core)';
    filter = ' --filter=@dbpass/client-taurusdb... --filter=@dbpass/client-oceanbase...';
    run('git clean -qfdx -e node_modules && git checkout -q -- . && rm -rf .turbo');
    cold = summary([run(`pnpm generate${filter}`), run(`pnpm build${filter}`)]);
  }
  const full = () => [run(`pnpm generate${filter}`), run(`pnpm build${filter}`)];
  const warm = [1, 2, 3].map(() => summary(full()));
  const warmBuild = [1, 2, 3].map(() => summary(run(`pnpm build${filter}`)));
  const spec = 'specs/oceanbase/paths/modify-tenant-user-password.yaml';
  const file = path.join(clone, spec);
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      'summary: Change the password of a tenant user',
      'summary: Change the password of a tenant user (edited)',
    ),
  );
  const afterSpecEdit = summary(full());
  const result = {
    scope,
    ...(scopeNote ? { scopeNote } : {}),
    installSeconds: Math.round(install.seconds * 10) / 10,
    cold,
    warm: { ...warm[0], seconds: median(warm.map((w) => w.seconds)), runs: warm.map((w) => w.seconds) },
    warmBuildOnly: {
      ...warmBuild[0],
      seconds: median(warmBuild.map((w) => w.seconds)),
      runs: warmBuild.map((w) => w.seconds),
    },
    afterSpecEdit: { ...afterSpecEdit, editedSpec: spec },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(clone, { recursive: true, force: true });
}
