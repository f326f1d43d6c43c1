// The user-management operations on real engines: a user created through the API logs in with the engine's own
// client (the `mariadb` command-line client for TaurusDB, StarRocks and OceanBase, curl for ClickHouse's HTTP
// interface), and what the engine says it has (SHOW GRANTS, SHOW DATABASES, the readonly setting) is what the API
// answers, mapped by the rules restated below, never read through emulator code.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { TaurusDbClient } from '@dbpass/client-taurusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/server.js';
import { h, o, oceanbaseClient, taurusClient, tenant, waitJob } from './clients.js';

const run = promisify(execFile);
const TWIN_PASSWORD = 'Twin_pass-2026x';
let twin: Emulator;
let taurus: TaurusDbClient;

beforeAll(async () => {
  twin = await startEmulator({ engines: 'real', jobVisibleAfterMs: 0, jobDurationMs: 50 });
  taurus = taurusClient(twin.url);
}, 120_000);

afterAll(async () => {
  await twin?.stop();
});

const portOf = (key: string) => twin.engines.addresses.get(key)!.port;
const TAURUS = () => portOf(h.instances.taurusdb.id);
const STARROCKS = () => portOf(h.instances.starrocks.id);
const OCEANBASE = () => portOf(`oceanbase/${o.instanceId}/${o.tenantId}`);
const CLICKHOUSE = () => portOf(h.instances.clickhouse.id);

/**
 * `SHOW GRANTS` of the logged-in user through the `mariadb` client (password in MYSQL_PWD, not on the command
 * line), as `PRIVILEGE ON database` entries (`*` for all databases; WITH GRANT OPTION as `GRANT OPTION ON db`).
 * The USAGE line every account has is left out. Rejects when the login is refused.
 */
async function engineGrants(port: number, user: string, password: string): Promise<string[]> {
  const { stdout } = await run(
    'mariadb',
    ['--protocol=TCP', '-h', '127.0.0.1', '-P', String(port), '-u', user, '-N', '-B', '-e', 'SHOW GRANTS'],
    { env: { PATH: process.env.PATH ?? '', MYSQL_PWD: password } },
  );
  return stdout
    .trim()
    .split('\n')
    .flatMap((line) => {
      const match = /^GRANT (.+?) ON (\S+)\.\* TO \S+( WITH GRANT OPTION)?$/.exec(
        line.replace(/ IDENTIFIED BY .*$/, ''),
      );
      if (!match) throw new Error(`unexpected SHOW GRANTS line for ${user}`);
      const database = match[2]!.replaceAll('`', '');
      if (match[1] === 'USAGE' && database === '*') return [];
      return [...match[1]!.split(', '), ...(match[3] ? ['GRANT OPTION'] : [])].map((p) => `${p} ON ${database}`);
    })
    .sort();
}

// The documented meaning of each level, restated here as the engine's privileges.
const WRITE = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
const STARROCKS_DDL = ['CREATE', 'DROP', 'ALTER', 'INDEX', 'CREATE VIEW', 'SHOW VIEW'];
const OB_ROLES: Record<string, string[]> = {
  ReadWrite: ['ALL PRIVILEGES'],
  ReadOnly: ['SELECT'],
  DDL: ['CREATE', 'DROP', 'ALTER', 'SHOW VIEW', 'CREATE VIEW'],
  DML: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'SHOW VIEW'],
};
const entries = (database: string, privileges: readonly string[]) => privileges.map((p) => `${p} ON ${database}`);

const taurusExpected = (databases: ReadonlyArray<{ name: string; readonly: boolean }>) =>
  databases.flatMap((db) => entries(db.name, db.readonly ? ['SELECT'] : ['ALL PRIVILEGES'])).sort();
const starrocksExpected = (user: { data_bases: string[]; dml: number; ddl: number }) =>
  user.data_bases
    .flatMap((db) =>
      entries(db, [
        ...(user.dml === 0 || user.dml === 3 ? WRITE : ['SELECT']),
        ...(user.ddl === 1 ? STARROCKS_DDL : []),
      ]),
    )
    .sort();
const oceanbaseExpected = (databases: ReadonlyArray<{ database: string; role: string; withGrant?: number }>) =>
  databases
    .flatMap((grant) =>
      entries(grant.database, [...OB_ROLES[grant.role]!, ...(grant.withGrant ? ['GRANT OPTION'] : [])]),
    )
    .sort();

/** A query over ClickHouse's HTTP interface with curl (credentials in its config on stdin): status and body. */
function clickhouse(user: string, password: string, query: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'curl',
      ['-s', '-K', '-', '-w', '\n%{http_code}', '--data-binary', query, `http://127.0.0.1:${CLICKHOUSE()}/`],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      const cut = out.lastIndexOf('\n');
      resolve({ status: Number(out.slice(cut + 1)), body: out.slice(0, cut) });
    });
    child.stdin.end(`user = "${user}:${password}"\n`);
  });
}

/** Polls until the check passes (ClickHouse reads its users.d files on its own, within about 2 s). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** What a ClickHouse user can see and do: its databases (SHOW DATABASES) and its `readonly` setting. */
async function clickhouseAccess(user: string, password: string) {
  const databases = await clickhouse(user, password, 'SHOW DATABASES');
  const readonly = await clickhouse(user, password, "SELECT value FROM system.settings WHERE name = 'readonly'");
  if (databases.status !== 200 || readonly.status !== 200) throw new Error(`${user} cannot log in to ClickHouse`);
  return { databases: databases.body.trim().split('\n').sort(), readonly: Number(readonly.body.trim()) };
}

const instance_id = h.instances.taurusdb.id;
const listed = async (name: string) =>
  (await taurus.listGaussMySqlDatabaseUser({ instance_id })).users.find(
    (user) => user.name === name && user.host === '%',
  );

describe('TaurusDB on MariaDB', () => {
  it('the seeded app_user has in the engine exactly what the API lists', async () => {
    const user = await listed('app_user');
    expect(await engineGrants(TAURUS(), 'app_user', 'Initial_Passw0rd')).toEqual(taurusExpected(user!.databases!));
    expect(taurusExpected(user!.databases!)).toEqual(['ALL PRIVILEGES ON app_db', 'SELECT ON reports']);
  });

  it("a twin created with app_user's databases logs in and has the same grants; a grant job changes them", async () => {
    const original = await listed('app_user');
    const { job_id } = await taurus.createGaussMySqlDatabaseUser({
      instance_id,
      body: {
        users: [{ name: 'app_user_clone', password: TWIN_PASSWORD, hosts: ['%'], databases: original!.databases! }],
      },
    });
    await waitJob(taurus, job_id);
    const clone = await listed('app_user_clone');
    expect(clone!.databases).toEqual(original!.databases);
    const grants = await engineGrants(TAURUS(), 'app_user_clone', TWIN_PASSWORD);
    expect(grants).toEqual(taurusExpected(clone!.databases!));
    expect(grants).toEqual(await engineGrants(TAURUS(), 'app_user', 'Initial_Passw0rd'));
    await expect(engineGrants(TAURUS(), 'app_user_clone', 'Not_the_pass1')).rejects.toThrow(/Access denied/);

    const grant = await taurus.addDatabasePermission({
      instance_id,
      body: { users: [{ name: 'app_user_clone', host: '%', databases: [{ name: 'reports', readonly: false }] }] },
    });
    await waitJob(taurus, grant.job_id);
    const changed = await listed('app_user_clone');
    expect(changed!.databases).toEqual([
      { name: 'app_db', readonly: false },
      { name: 'reports', readonly: false },
    ]);
    expect(await engineGrants(TAURUS(), 'app_user_clone', TWIN_PASSWORD)).toEqual(taurusExpected(changed!.databases!));
  });

  it('a create batch applied in part (partial-batch) has its first user in the engine, and not the second', async () => {
    twin.injectFault({ kind: 'partial-batch', operationId: 'CreateGaussMySqlDatabaseUser' });
    const { job_id } = await taurus.createGaussMySqlDatabaseUser({
      instance_id,
      body: {
        users: [
          { name: 'half_one', password: TWIN_PASSWORD, databases: [{ name: 'reports', readonly: true }] },
          { name: 'half_two', password: TWIN_PASSWORD },
        ],
      },
    });
    await expect(waitJob(taurus, job_id)).rejects.toThrow();
    // The engine has the job's change once the job's end has been seen (a listing settles it).
    expect((await listed('half_one'))!.databases).toEqual([{ name: 'reports', readonly: true }]);
    await twin.state.settleJobsInEngines(Date.now());
    expect(await engineGrants(TAURUS(), 'half_one', TWIN_PASSWORD)).toEqual(['SELECT ON reports']);
    await expect(engineGrants(TAURUS(), 'half_two', TWIN_PASSWORD)).rejects.toThrow(/Access denied/);
    expect(await listed('half_two')).toBeUndefined();
  });
});

describe('StarRocks on MariaDB', () => {
  const starrocks = h.instances.starrocks.id;
  const show = async (user_name: string) =>
    (await taurus.showStarRocksDatabaseUser({ instance_id: starrocks, user_name, limit: 1, offset: 0 }))
      .user_details![0]!;

  it('the seeded sr_analyst has in the engine exactly what the API shows', async () => {
    expect(await engineGrants(STARROCKS(), 'sr_analyst', 'Initial_Passw0rd')).toEqual(
      starrocksExpected(await show('sr_analyst')),
    );
  });

  it('a created account logs in with its levels; a permission change replaces them in the engine', async () => {
    await taurus.createStarRocksDatabaseUser({
      instance_id: starrocks,
      body: { user_name: 'sr_writer', password: TWIN_PASSWORD, databases: ['app_db'], dml: 0, ddl: 1 },
    });
    expect(await engineGrants(STARROCKS(), 'sr_writer', TWIN_PASSWORD)).toEqual(
      starrocksExpected(await show('sr_writer')),
    );
    expect(starrocksExpected(await show('sr_writer'))).toContain('INSERT ON app_db');
    await taurus.updateStarRocksDatabaseUserPermission({
      instance_id: starrocks,
      body: { user_name: 'sr_writer', databases: ['reports'], dml: 1, ddl: 0 },
    });
    expect(await engineGrants(STARROCKS(), 'sr_writer', TWIN_PASSWORD)).toEqual(['SELECT ON reports']);
    await taurus.updateStarRocksDatabaseUserPermission({
      instance_id: starrocks,
      body: { user_name: 'sr_writer', databases: ['*'] },
    });
    expect(await engineGrants(STARROCKS(), 'sr_writer', TWIN_PASSWORD)).toEqual(['SELECT ON *']);
  });
});

describe('OceanBase tenant on MariaDB', () => {
  const ob = () => oceanbaseClient(twin.url);
  const describeUser = async (userName: string) =>
    (await ob().describeTenantUsers({ ...tenant, userName })).data.dataList[0]!;

  it('the seeded app_user has in the engine exactly what the API describes', async () => {
    expect(await engineGrants(OCEANBASE(), 'app_user', 'Initial_Passw0rd')).toEqual(
      oceanbaseExpected((await describeUser('app_user')).databases!),
    );
  });

  it("a twin with app_user's roles logs in under every login name form; roles set later replace them", async () => {
    const original = await describeUser('app_user');
    await ob().createTenantUser({
      ...tenant,
      body: {
        userName: 'app_user_clone',
        password: TWIN_PASSWORD,
        userType: 'Normal',
        roles: JSON.stringify(original.databases!.map((grant) => ({ database: grant.database, role: grant.role }))),
      },
    });
    const expected = oceanbaseExpected((await describeUser('app_user_clone')).databases!);
    expect(expected).toEqual(oceanbaseExpected(original.databases!));
    for (const login of [
      'app_user_clone',
      `app_user_clone@${o.tenantId}`,
      `app_user_clone@${o.tenantId}#${o.instanceId}`,
      `${o.instanceId}:${o.tenantId}:app_user_clone`,
    ])
      expect(await engineGrants(OCEANBASE(), login, TWIN_PASSWORD)).toEqual(expected);

    await ob().modifyTenantUserRoles({
      ...tenant,
      userName: 'app_user_clone',
      body: { userRole: '[{"database":"reports","role":"DML","withGrant":true}]' },
    });
    const changed = oceanbaseExpected((await describeUser('app_user_clone')).databases!);
    expect(changed).toContain('GRANT OPTION ON reports');
    expect(await engineGrants(OCEANBASE(), 'app_user_clone', TWIN_PASSWORD)).toEqual(changed);
    await ob().modifyTenantUserRoles({ ...tenant, userName: 'app_user_clone', body: { userRole: '[]' } });
    expect(await engineGrants(OCEANBASE(), `app_user_clone@${o.tenantId}`, TWIN_PASSWORD)).toEqual([]);
  });
});

describe('ClickHouse over HTTP', () => {
  const clickhouseId = h.instances.clickhouse.id;

  it('the seeded ch_analyst sees its two databases only, read-only (dml 1)', async () => {
    expect(await eventually(() => clickhouseAccess('ch_analyst', 'Initial_Passw0rd'))).toEqual({
      databases: ['app_db', 'reports', 'system'],
      readonly: 1,
    });
    const write = await clickhouse('ch_analyst', 'Initial_Passw0rd', 'CREATE TABLE app_db.t (x UInt8) ENGINE = Memory');
    expect(write.body).toMatch(/readonly/);
  });

  it('a created account logs in with its databases and level; a permission change and a password change keep step', async () => {
    await taurus.createClickHouseDatabaseUser({
      instance_id: clickhouseId,
      body: { user_name: 'ch_twin', password: TWIN_PASSWORD, databases: ['app_db'], dml: 1 },
    });
    expect(await eventually(() => clickhouseAccess('ch_twin', TWIN_PASSWORD))).toEqual({
      databases: ['app_db', 'system'],
      readonly: 1,
    });
    await taurus.updateClickHouseDatabaseUserPermission({
      instance_id: clickhouseId,
      body: { user_name: 'ch_twin', databases: ['*'], dml: 2 },
    });
    const all = { databases: ['app_db', 'default', 'reports', 'system'], readonly: 2 };
    await eventually(async () => expect(await clickhouseAccess('ch_twin', TWIN_PASSWORD)).toEqual(all));
    await taurus.updateClickHouseDatabaseUserPassword({
      instance_id: clickhouseId,
      body: { user_name: 'ch_twin', password: 'Twin_pass-2027x' },
    });
    await eventually(async () => expect(await clickhouseAccess('ch_twin', 'Twin_pass-2027x')).toEqual(all));
    expect((await clickhouse('ch_twin', TWIN_PASSWORD, 'SELECT 1')).status).not.toBe(200);
  });
});
