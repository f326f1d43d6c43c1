// The published packages as a user gets them: packed (pnpm rewrites workspace: and catalog: ranges), published to a
// local registry that has nothing else of @dbpass and proxies the rest of the real one, installed with npm into an
// empty prefix, cache and home, on Node 20, 22 and 24 one after another. Then the README's "Try it locally" steps,
// exactly as written, rotate the accounts of the installed dbpass-emulator on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, seed } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorCommand } from './emulator-command.js';
import { inventory } from './inventory.js';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import { type Packed, packPublished, root } from './pack-published.js';
import { tryItLocally, tryItLocallyBlock } from './readme-steps.js';
import { run, runOk } from './run.js';
import { NODES, type UserEnvironment, userEnvironment } from './user-environment.js';

const cliReadme = readFileSync(path.join(root, 'packages/cli/README.md'), 'utf8');
const rootReadme = readFileSync(path.join(root, 'README.md'), 'utf8');
/** The port the README's steps give the emulator: replaced by a free one. */
const README_PORT = '8080';
/** What each password operation of the emulator is, for its request log. */
const PASSWORD_OPERATIONS = [
  'ResetGaussMySqlPassword',
  'ResetGaussMySqlDatabasePassword',
  'UpdateStarRocksDatabaseUserPassword',
  'UpdateClickHouseDatabaseUserPassword',
  'ModifyTenantUserPassword',
];
/** What a package needs beside it, as its README's install line says (the MySQL driver is an optional peer). */
const INSTALLED_WITH: Readonly<Record<string, readonly string[]>> = { '@dbpass/verify': ['mysql2'] };

let work: string;
let registry: LocalRegistry;
let packed: Packed[];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'dbpass-install-'));
  packed = await packPublished(path.join(work, 'tarballs'));
  const uplink = (await runOk('npm', ['config', 'get', 'registry'])).stdout.trim();
  const cafile = (await runOk('npm', ['config', 'get', 'cafile'])).stdout.trim();
  registry = await startLocalRegistry(
    path.join(work, 'registry'),
    uplink,
    cafile && cafile !== 'null' && cafile !== 'undefined' ? cafile : undefined,
  );
  await Promise.all(packed.map(({ tarball }) => registry.publish(tarball)));
});
afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const requestLog = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { operationId: string | null; status: number });

/** `dbpass` of the user's machine, in `cwd`. */
const dbpass = (user: UserEnvironment, cwd: string, args: readonly string[], env: Record<string, string> = {}) =>
  run(path.join(user.prefix, 'bin/dbpass'), args, { cwd, env: { ...user.env, ...env } });

describe('installed from a registry, as a user installs them', () => {
  it('the root README and the CLI README give the same "Try it locally" steps', () => {
    expect(tryItLocallyBlock(rootReadme)).toBe(tryItLocallyBlock(cliReadme));
    expect(packed.map(({ name }) => name).sort()).toEqual([
      '@dbpass/cli',
      '@dbpass/client-oceanbase',
      '@dbpass/client-taurusdb',
      '@dbpass/core',
      '@dbpass/emulator',
      '@dbpass/rotate',
      '@dbpass/verify',
    ]);
  });

  for (const { major, binary } of NODES) {
    it(`Node ${major}: npm i -g, then the README's "Try it locally" steps rotate every account of dbpass-emulator`, async () => {
      const user = await userEnvironment(path.join(work, `node${major}`), binary, registry.url);
      expect((await runOk('node', ['--version'], { env: user.env })).stdout).toMatch(new RegExp(`^v${major}\\.`));
      const steps = tryItLocally(cliReadme);
      for (const line of steps.install) await runOk('sh', ['-ec', line], { cwd: user.home, env: user.env });

      // The CLI alone: no database driver, no @types/node (the login verifier's driver is an optional peer).
      const cli = inventory(path.join(user.prefix, 'lib/node_modules/@dbpass/cli'));
      expect(cli.names).not.toContain('mysql2');
      expect(cli.names).not.toContain('@types/node');
      console.log(`Node ${major}: @dbpass/cli installs ${cli.packages} packages, ${(cli.bytes / 1e6).toFixed(2)} MB`);

      const logFile = path.join(work, `node${major}-requests.jsonl`);
      const port = String(await freePort());
      const emulator = await startEmulatorCommand(
        `${steps.emulator.replace(/\s+#.*$/, '').replaceAll(README_PORT, port)} --request-log ${logFile}`,
        { cwd: user.home, env: user.env },
      );
      try {
        expect(emulator.url).toBe(`http://127.0.0.1:${port}`);
        const script = steps.steps.map((line) => line.replaceAll(README_PORT, port)).join('\n');
        const ran = await run('sh', ['-e', '-x', '-c', script], { cwd: user.home, env: user.env });
        expect(ran.code, ran.stdout + ran.stderr).toBe(0);
        expect(ran.stdout).toContain(`connection hw (huawei): API host ${emulator.url} (endpoint)`);
        expect(ran.stdout).toContain(`connection ob (oceanbase): API host ${emulator.url} (endpoint)`);
        expect(ran.stdout).toContain('6 accounts: 6 adopted, 0 already managed, 0 not adopted');
        expect(ran.stdout).toMatch(/^6 accounts: 6 rotated, 0 skipped, 0 failed, 0 need attention/m);
        expect(ran.stdout.match(/: PREVIOUS\+CURRENT; CURRENT 0 d old; verified by api /g)).toHaveLength(6);
        const changes = (await requestLog(logFile)).filter((line) => PASSWORD_OPERATIONS.includes(line.operationId!));
        expect(new Set(changes.map((line) => line.operationId))).toEqual(new Set(PASSWORD_OPERATIONS));
        // Each answered 2xx; OceanBase's Digest also answers a request without credentials 401, with its challenge.
        const answers = changes.map(({ operationId, status }) => `${operationId} ${status}`);
        for (const operation of PASSWORD_OPERATIONS)
          expect(answers).toContainEqual(expect.stringMatching(new RegExp(`^${operation} 20[02]$`)));
        expect(
          answers.filter((answer) => !/ 20[02]$/.test(answer) && answer !== 'ModifyTenantUserPassword 401'),
        ).toEqual([]);

        if (major === NODES[0].major) await loginPlanNeedsTheDriver(user, logFile);
      } finally {
        await emulator.stop();
      }
    });
  }

  it('each published package installs alone from the registry and loads (Node 20)', async () => {
    const user = await userEnvironment(path.join(work, 'alone'), NODES[0].binary, registry.url);
    await Promise.all(
      packed.map(async ({ name }) => {
        const project = path.join(user.home, name.replace('/', '-'));
        await mkdir(project);
        await writeFile(path.join(project, 'package.json'), '{ "private": true }\n');
        await runOk('npm', ['i', name, ...(INSTALLED_WITH[name] ?? [])], { cwd: project, env: user.env });
        const loaded = await run('node', ['--input-type=module', '-e', `await import(${JSON.stringify(name)})`], {
          cwd: project,
          env: user.env,
        });
        expect(loaded.code, `${name}: ${loaded.stderr}`).toBe(0);
      }),
    );
  });
});

/**
 * Without mysql2, a plan that logs in stops before anything is sent, with one line naming what to install; once it
 * is installed as that line says, the same plan gets past it.
 */
async function loginPlanNeedsTheDriver(user: UserEnvironment, logFile: string): Promise<void> {
  const folder = path.join(user.home, 'dbpass-try');
  const plan = await readFile(path.join(folder, 'dbpass.yaml'), 'utf8');
  const byLogin = plan.replaceAll(
    'verify: { by: api, reason: "the in-memory emulator has no database to log in to" }',
    'verify: { by: login, address: "127.0.0.1:3306" }',
  );
  expect(byLogin).not.toBe(plan);
  await writeFile(path.join(folder, 'login.yaml'), byLogin);
  const sent = (await requestLog(logFile)).length;
  const refused = await dbpass(user, folder, ['--plan', 'login.yaml', 'rotate']);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toBe(
    'dbpass: targets taurus-root, taurus-users, starrocks and 2 more verify by logging in, which needs the MySQL driver mysql2: npm i -g mysql2 (or npm i mysql2 where @dbpass/cli is a project dependency); nothing was sent\n',
  );
  expect((await requestLog(logFile)).length, 'nothing reached the emulator').toBe(sent);

  await runOk('npm', ['i', '-g', 'mysql2'], { cwd: user.home, env: user.env });
  const planned = await dbpass(user, folder, ['--plan', 'login.yaml', 'plan'], {
    HW_AK: seed.huawei.ak,
    HW_SK: seed.huawei.sk,
    OB_AK: seed.oceanbase.accessKeyId,
    OB_SK: seed.oceanbase.accessKeySecret,
  });
  expect(planned.code, planned.stderr).toBe(0);
  expect(planned.stdout).toMatch(/verify by login at 127\.0\.0\.1:3306/);
}
