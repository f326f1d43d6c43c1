// `dbpass init` and the "Try it locally" steps of the README against the emulator (in memory, on 127.0.0.1), and
// `dbpass plan`'s API host per connection. Runs the built CLI as a user does.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Emulator, seed, startEmulator } from '@dbpass/emulator';
import { expandTargets, loadPlan } from '@dbpass/rotate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type CliRun } from './run-cli.js';

/** The banner's export line: the credential variables the starter plan names. */
const CREDENTIALS = {
  HW_AK: seed.huawei.ak,
  HW_SK: seed.huawei.sk,
  OB_AK: seed.oceanbase.accessKeyId,
  OB_SK: seed.oceanbase.accessKeySecret,
};

/** Runs the built `dbpass` in `cwd` with only PATH and `env`, `input` on its stdin. */
function dbpass(cwd: string, args: readonly string[], env: Record<string, string> = {}, input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let emulator: Emulator;
let dir: string;
const folders: string[] = [];
const freshFolder = async () => {
  const folder = await mkdtemp(path.join(dir, 'try-'));
  folders.push(folder);
  return folder;
};

beforeAll(async () => {
  emulator = await startEmulator();
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-init-'));
});
afterAll(async () => {
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('dbpass init', () => {
  it('writes a starter plan for the emulator and a store key (mode 0600), and says what it wrote', async () => {
    const folder = await freshFolder();
    const run = await dbpass(folder, ['init', '--endpoint', emulator.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `wrote dbpass.yaml (mode 0644): the plan: the emulator's accounts, each connection calling ${emulator.url}`,
    );
    expect(run.stdout).toContain('wrote dbpass.key (mode 0600): the store key');
    expect(run.stdout).toMatch(/^ {2}echo Initial_Passw0rd \| dbpass adopt --trust --from-stdin$/m);
    expect((await stat(path.join(folder, 'dbpass.key'))).mode & 0o777).toBe(0o600);
    expect((await readFile(path.join(folder, 'dbpass.key'), 'utf8')).trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    // Every field a user needs, with the seed's values: endpoint, credentials by NAME, the OceanBase tenantId.
    const plan = await loadPlan(path.join(folder, 'dbpass.yaml'));
    expect(plan.connections).toEqual({
      hw: expect.objectContaining({ cloud: 'huawei', endpoint: emulator.url, projectId: seed.huawei.projectId }),
      ob: expect.objectContaining({ cloud: 'oceanbase', endpoint: emulator.url, projectId: seed.oceanbase.projectId }),
    });
    expect(plan.connections.hw!.credentials).toEqual({ accessKeyEnv: 'HW_AK', secretKeyEnv: 'HW_SK' });
    expect(plan.connections.ob!.credentials).toEqual({ accessKeyIdEnv: 'OB_AK', accessKeySecretEnv: 'OB_SK' });
    const h = seed.huawei;
    const o = seed.oceanbase;
    expect(
      expandTargets(plan).map((account) => [
        account.ref.kind,
        account.ref.instanceId,
        account.ref.userName,
        account.ref.host,
        account.ref.tenantId,
      ]),
    ).toEqual([
      ['taurusdb-root', h.instances.taurusdb.id, 'root', undefined, undefined],
      ...h.dbUsers.map((user) => ['taurusdb-db-user', h.instances.taurusdb.id, user.name, user.host, undefined]),
      ...h.starrocksUsers.map((user) => ['starrocks', h.instances.starrocks.id, user, undefined, undefined]),
      ...h.clickhouseUsers.map((user) => ['clickhouse', h.instances.clickhouse.id, user, undefined, undefined]),
      ...o.users.map((user) => ['oceanbase-tenant-user', o.instanceId, user, undefined, o.tenantId]),
    ]);
    expect(plan.targets.every((target) => target.verify.by === 'api')).toBe(true);
    expect(run.stdout).toContain(`echo ${seed.initialPassword} |`);
  });

  it('refuses to overwrite a plan, a key or a store unless --force, and writes nothing then', async () => {
    const folder = await freshFolder();
    expect((await dbpass(folder, ['init'])).code).toBe(0);
    const plan = await readFile(path.join(folder, 'dbpass.yaml'), 'utf8');
    const key = await readFile(path.join(folder, 'dbpass.key'), 'utf8');
    expect(plan).toContain('endpoint: http://127.0.0.1:8080,');

    const again = await dbpass(folder, ['init', '--endpoint', emulator.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      'dbpass: dbpass.yaml and dbpass.key exist already; nothing was written. dbpass init --force replaces the plan and the store key (a store encrypted with the old key can then no longer be read)\n',
    );
    expect(await readFile(path.join(folder, 'dbpass.yaml'), 'utf8')).toBe(plan);
    expect(await readFile(path.join(folder, 'dbpass.key'), 'utf8')).toBe(key);

    // A key left readable by others is replaced by one that is not.
    await chmod(path.join(folder, 'dbpass.key'), 0o644);
    const forced = await dbpass(folder, ['--json', 'init', '--force', '--endpoint', emulator.url]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({
      type: 'init',
      endpoint: emulator.url,
      written: [
        { file: 'dbpass.yaml', mode: '0644' },
        { file: 'dbpass.key', mode: '0600' },
      ],
      warnings: [],
    });
    expect(await readFile(path.join(folder, 'dbpass.key'), 'utf8')).not.toBe(key);
    expect((await stat(path.join(folder, 'dbpass.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(folder, 'dbpass.yaml'), 'utf8')).toContain(`endpoint: ${emulator.url},`);

    const storeOnly = await freshFolder();
    await writeFile(path.join(storeOnly, 'dbpass.store'), 'an earlier store');
    const refused = await dbpass(storeOnly, ['init']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^dbpass: dbpass\.store exists already; nothing was written/);
    const warned = await dbpass(storeOnly, ['init', '--force']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('dbpass: warning: dbpass.store was encrypted with the earlier key');
  });

  it('refuses an endpoint the clients would refuse (http off loopback) and a missing folder, writing nothing', async () => {
    const folder = await freshFolder();
    const remote = await dbpass(folder, ['init', '--endpoint', 'http://db-api.example.com']);
    expect(remote.code).toBe(1);
    expect(remote.stderr).toMatch(
      /^dbpass: --endpoint http:\/\/db-api\.example\.com: endpoint must use https .*nothing was written\n$/,
    );
    const missing = await dbpass(folder, ['--plan', path.join(folder, 'no/such/dbpass.yaml'), 'init']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no/such/dbpass.yaml cannot be written: its folder does not exist');
    await expect(stat(path.join(folder, 'dbpass.yaml'))).rejects.toThrow();
  });

  it("the README's steps rotate every account of the emulator: init, plan, adopt --trust, rotate, status", async () => {
    const folder = await freshFolder();
    expect((await dbpass(folder, ['init', '--endpoint', emulator.url])).code).toBe(0);
    const plan = await dbpass(folder, ['plan'], CREDENTIALS);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`connection hw (huawei): API host ${emulator.url} (endpoint)`);
    expect(plan.stdout).toContain(`connection ob (oceanbase): API host ${emulator.url} (endpoint)`);
    expect(plan.stdout).toMatch(/^adopt +oceanbase \(oceanbase-tenant-user\)/m);

    const adopted = await dbpass(
      folder,
      ['adopt', '--trust', '--from-stdin'],
      CREDENTIALS,
      `${seed.initialPassword}\n`,
    );
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('6 accounts: 6 adopted, 0 already managed, 0 not adopted');
    const rotated = await dbpass(folder, ['rotate'], CREDENTIALS);
    expect(rotated.code, rotated.stdout + rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^6 accounts: 6 rotated, 0 skipped, 0 failed, 0 need attention/m);
    const status = await dbpass(folder, ['status'], CREDENTIALS);
    expect(status.stdout).toMatch(/^oceanbase: PREVIOUS\+CURRENT; CURRENT 0 d old; verified by api/m);

    // The emulator holds what the store holds, account by account.
    const h = seed.huawei;
    const o = seed.oceanbase;
    const accounts = {
      'taurus-root': { cloud: 'huawei', instanceId: h.instances.taurusdb.id },
      'taurus-users/app_user@%': {
        cloud: 'huawei',
        instanceId: h.instances.taurusdb.id,
        userName: 'app_user',
        host: '%',
      },
      'taurus-users/report_user@10.10.10.%': {
        cloud: 'huawei',
        instanceId: h.instances.taurusdb.id,
        userName: 'report_user',
        host: '10.10.10.%',
      },
      starrocks: { cloud: 'huawei', instanceId: h.instances.starrocks.id, userName: h.starrocksUsers[0] },
      clickhouse: { cloud: 'huawei', instanceId: h.instances.clickhouse.id, userName: h.clickhouseUsers[0] },
      oceanbase: { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0] },
    } as const;
    for (const [account, ref] of Object.entries(accounts)) {
      const got = await dbpass(folder, ['get', account], CREDENTIALS);
      const password = got.stdout.trim();
      expect(password, account).not.toBe(seed.initialPassword);
      expect(emulator.state.checkPassword(ref, password), account).toBe(true);
    }
  });
});

describe('dbpass plan: the API host each connection calls', () => {
  it('resolves a region as the clients do, and prints it in text and JSON', async () => {
    const folder = await freshFolder();
    expect((await dbpass(folder, ['init', '--endpoint', emulator.url])).code).toBe(0);
    const text = await readFile(path.join(folder, 'dbpass.yaml'), 'utf8');
    await writeFile(
      path.join(folder, 'dbpass.yaml'),
      text
        .replace(`hw: { cloud: huawei, endpoint: ${emulator.url},`, 'hw: { cloud: huawei, region: cn-north-4,')
        .replace(`ob: { cloud: oceanbase, endpoint: ${emulator.url},`, 'ob: { cloud: oceanbase, region: intl,'),
    );
    const before = emulator.requests.length;
    const plan = await dbpass(folder, ['plan'], CREDENTIALS);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(
      'connection hw (huawei): API host https://gaussdb.cn-north-4.myhuaweicloud.com (region cn-north-4)',
    );
    expect(plan.stdout).toContain('connection ob (oceanbase): API host https://api-cloud.oceanbase.com (region intl)');
    const json = await dbpass(folder, ['--json', 'plan', '--only', 'oceanbase'], CREDENTIALS);
    const connections = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string })
      .filter((line) => line.type === 'connection');
    expect(connections).toEqual([
      {
        type: 'connection',
        connection: 'ob',
        cloud: 'oceanbase',
        apiHost: 'https://api-cloud.oceanbase.com',
        region: 'intl',
      },
    ]);
    expect(emulator.requests.length, 'plan sends nothing').toBe(before);
  });
});
