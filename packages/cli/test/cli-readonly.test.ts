import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStore } from '@dbpass/rotate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type CliRun, runProgram } from './run-cli.js';

/**
 * `dbpass get` and `status` on a store folder this user may read but not write (a mount shared read-only with
 * applications, a folder owned by the rotation's user). Root writes anywhere, so as root the CLI runs as `nobody`.
 */
const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;
const runner = (program: string, args: readonly string[]): [string, string[]] =>
  asRoot
    ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', program, ...args]]
    : [program, [...args]];

/** An account id that is not in the plan, as a store could hold it: an OSC title sequence, BEL and a C1 CSI. */
const HOSTILE_ID = 'evil\u001b]0;pwned\u0007\u009b31m-db';
const PASSWORD = 'Read-Only-Passw0rd!';

let root: string;
let storeDir: string;
let planFile: string;
const env = { DBPASS_STORE_KEY: randomBytes(32).toString('base64'), HW_AK: 'ak', HW_SK: 'sk' };

const dbpass = (args: readonly string[], plan = planFile, extraEnv: Record<string, string> = {}): Promise<CliRun> => {
  const [program, argv] = runner(process.execPath, [CLI, '--plan', plan, ...args]);
  return runProgram(program, argv, { env: { PATH: process.env.PATH ?? '', ...env, ...extraEnv } });
};

const planText = (storeFile: string) =>
  [
    'version: 1',
    `store: { file: ${JSON.stringify(storeFile)}, keyEnv: DBPASS_STORE_KEY }`,
    'connections:',
    '  hw: { cloud: huawei, region: cn-north-4, projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }',
    'targets:',
    '  - { name: app-db, kind: taurusdb-root, connection: hw, instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07, verify: { by: login, address: "db.internal:3306" } }',
    '',
  ].join('\n');

/** Stores `password` as the account's CURRENT. */
async function rotateTo(store: FileStore, id: string, password: string): Promise<void> {
  const lock = await store.lock();
  const pending = await store.putPending(id, password, randomUUID());
  await store.promote(id, pending.versionId, { method: 'login', at: new Date().toISOString(), pendingAccepted: true });
  await lock.release();
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'dbpass-readonly-'));
  storeDir = path.join(root, 'store');
  await mkdir(storeDir);
  const storeFile = path.join(storeDir, 'store.dbpass');
  const store = await FileStore.open({ path: storeFile, key: { env: 'DBPASS_STORE_KEY' }, env });
  await rotateTo(store, 'app-db', PASSWORD);
  await rotateTo(store, HOSTILE_ID, 'other-Passw0rd!');
  planFile = path.join(root, 'dbpass.yaml');
  await writeFile(planFile, planText(storeFile), { mode: 0o644 });
  await chmod(root, 0o755);
  if (asRoot) {
    for (const name of await readdir(storeDir)) await chown(path.join(storeDir, name), NOBODY, NOBODY);
    await chown(storeDir, NOBODY, NOBODY);
  }
  await chmod(storeDir, 0o555);
});

afterAll(async () => {
  if (!root) return;
  await chmod(storeDir, 0o755).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('dbpass on a read-only store folder', () => {
  it('the folder really is read-only for the CLI user', async () => {
    const [program, argv] = runner('touch', [path.join(storeDir, 'probe')]);
    const probe = await runProgram(program, argv);
    expect(probe.code).not.toBe(0);
  });

  it('get prints the password and status the accounts, creating nothing in the folder', async () => {
    const before = (await readdir(storeDir)).sort();
    const got = await dbpass(['get', 'app-db']);
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(`${PASSWORD}\n`);
    const status = await dbpass(['status']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^app-db: CURRENT; CURRENT 0 d old; verified by login /m);
    expect((await readdir(storeDir)).sort()).toEqual(before);
  });

  it('status escapes control characters from the store: nothing reaches the terminal to act on', async () => {
    const text = await dbpass(['status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('evil\\x1b]0;pwned\\x07\\x9b31m-db: CURRENT');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not be printed.
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);

    const json = await dbpass(['--json', 'status']);
    expect(json.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not be printed.
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const rows = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { account: string; inPlan: boolean });
    expect(rows.find((row) => !row.inPlan)?.account, 'the JSON value is unchanged').toBe(HOSTILE_ID);
  });
});

describe('dbpass on a store put back to an older copy', () => {
  it('get refuses it in one line naming the way out, and serves that copy only when told to', async () => {
    const dir = path.join(root, 'rolled-back');
    await mkdir(dir);
    const storeFile = path.join(dir, 'store.dbpass');
    const plan = path.join(root, 'rolled-back.yaml');
    await writeFile(plan, planText(storeFile), { mode: 0o644 });
    const store = await FileStore.open({ path: storeFile, key: { env: 'DBPASS_STORE_KEY' }, env });
    await rotateTo(store, 'app-db', 'older-Passw0rd!');
    await copyFile(storeFile, `${storeFile}.backup`);
    await rotateTo(store, 'app-db', 'newer-Passw0rd!');
    await copyFile(`${storeFile}.backup`, storeFile);
    if (asRoot) for (const name of ['', ...(await readdir(dir))]) await chown(path.join(dir, name), NOBODY, NOBODY);

    const refused = await dbpass(['get', 'app-db'], plan);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^dbpass: store .*store\.dbpass: this is an older copy of the store .*DBPASS_ACCEPT_ROLLBACK=\S+\n$/,
    );
    expect(refused.stderr.split('\n')).toHaveLength(2);
    const token = /DBPASS_ACCEPT_ROLLBACK=(\S+)$/m.exec(refused.stderr)![1]!;
    const accepted = await dbpass(['get', 'app-db'], plan, { DBPASS_ACCEPT_ROLLBACK: token });
    expect(accepted.stderr).toBe('');
    expect(accepted.stdout).toBe('older-Passw0rd!\n');
  });
});
