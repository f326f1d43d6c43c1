// A twin each kind creates through its cloud's API, on the emulator backed by real engines: it logs in with the
// engine's own client (`mariadb` for TaurusDB, StarRocks and OceanBase, ClickHouse's HTTP interface) and the engine
// gives it what it gives the original user.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Emulator, instanceKey, seed, startEmulator } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRef } from '../src/account-ref.js';
import type { AccountKindAdapter } from '../src/kinds/account-kind.js';
import { clickHouse } from '../src/kinds/clickhouse.js';
import { oceanBaseTenantUser } from '../src/kinds/oceanbase-tenant-user.js';
import { starRocks } from '../src/kinds/starrocks.js';
import { taurusDbUser } from '../src/kinds/taurusdb-db-user.js';
import { groupClients, resolveConnection } from '../src/protocol/connection-clients.js';

const run = promisify(execFile);
const h = seed.huawei;
const o = seed.oceanbase;
const env = { HW_AK: h.ak, HW_SK: h.sk, OB_AK: o.accessKeyId, OB_SK: o.accessKeySecret };
const TWIN_PASSWORD = 'Twin-Passw0rd-42';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ engines: 'real', jobVisibleAfterMs: 0, jobDurationMs: 50 });
}, 120_000);
afterAll(() => emulator?.stop());

function clientsFor(cloud: 'huawei' | 'oceanbase') {
  const spec =
    cloud === 'huawei'
      ? ({
          cloud,
          endpoint: emulator.url,
          projectId: h.projectId,
          credentials: { accessKeyEnv: 'HW_AK', secretKeyEnv: 'HW_SK' },
        } as const)
      : ({
          cloud,
          endpoint: emulator.url,
          projectId: o.projectId,
          credentials: { accessKeyIdEnv: 'OB_AK', accessKeySecretEnv: 'OB_SK' },
        } as const);
  return groupClients(resolveConnection(cloud, spec, env), () => undefined);
}

const refOf = (kind: AccountKindAdapter, userName: string, place: Partial<AccountRef>): AccountRef =>
  ({
    id: `${kind.kind}-${userName}`,
    target: kind.kind,
    cloud: kind.cloud,
    kind: kind.kind,
    userName,
    ...place,
  }) as AccountRef;

/** The engine's port behind the account's instance or tenant. */
const portOf = (ref: AccountRef) =>
  emulator.engines.addresses.get(
    instanceKey({
      cloud: ref.cloud,
      instanceId: ref.instanceId,
      userName: ref.userName,
      ...(ref.tenantId ? { tenantId: ref.tenantId } : {}),
    } as Parameters<typeof instanceKey>[0]),
  )!.port;

/**
 * The logged-in user's SHOW GRANTS through the `mariadb` client (password in MYSQL_PWD, not on the command line),
 * without the user's own name and password hash, so that two users' lists compare. Rejects when the login is refused.
 */
async function mysqlGrants(port: number, user: string, password: string): Promise<string[]> {
  const { stdout } = await run(
    'mariadb',
    ['--protocol=TCP', '-h', '127.0.0.1', '-P', String(port), '-u', user, '-N', '-B', '-e', 'SHOW GRANTS'],
    { env: { PATH: process.env.PATH ?? '', MYSQL_PWD: password } },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.replace(/ IDENTIFIED BY PASSWORD '[^']*'/, '').replace(/ TO \S+/, ''))
    .sort();
}

/** What a ClickHouse user sees over HTTP: its databases and its `readonly` setting. Rejects when refused. */
async function clickhouseAccess(port: number, user: string, password: string): Promise<string[]> {
  const query = async (sql: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'X-ClickHouse-User': user, 'X-ClickHouse-Key': password },
      body: sql,
    });
    if (response.status !== 200) throw new Error(`${user} is refused by ClickHouse (${response.status})`);
    return (await response.text()).trim().split('\n').sort();
  };
  return [
    ...(await query('SHOW DATABASES')),
    ...(await query("SELECT concat('readonly=', value) FROM system.settings WHERE name = 'readonly'")),
  ];
}

/** Polls until the check passes: ClickHouse reads its users' files on its own, within about 2 s. */
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

const cases = [
  {
    kind: taurusDbUser,
    original: refOf(taurusDbUser, h.dbUsers[0].name, { instanceId: h.instances.taurusdb.id, host: '%' }),
    access: mysqlGrants,
  },
  {
    kind: starRocks,
    original: refOf(starRocks, h.starrocksUsers[0], { instanceId: h.instances.starrocks.id }),
    access: mysqlGrants,
  },
  {
    kind: oceanBaseTenantUser,
    original: refOf(oceanBaseTenantUser, o.users[0], { instanceId: o.instanceId, tenantId: o.tenantId }),
    access: mysqlGrants,
  },
  {
    kind: clickHouse,
    original: refOf(clickHouse, h.clickhouseUsers[0], { instanceId: h.instances.clickhouse.id }),
    access: clickhouseAccess,
  },
];

describe.each(cases)('a $kind.kind twin', ({ kind, original, access }) => {
  it("logs in with its first password and has the original's access in the engine", async () => {
    const clients = clientsFor(kind.cloud);
    const users = kind.users!;
    const privileges = (await users.readPrivileges(clients, original))!;
    const twin = { ...original, id: `${original.id}-clone`, userName: `${original.userName}_clone` };
    await users.createUsers(clients, [{ ref: twin, password: TWIN_PASSWORD, privileges }], {
      checkpoint: () => undefined,
      jobWait: { intervalMs: 20 },
    });
    expect((await users.readPrivileges(clients, twin))?.grants).toEqual(privileges.grants);
    const port = portOf(original);
    const expected = await access(port, original.userName, seed.initialPassword);
    expect(expected.length).toBeGreaterThan(1);
    expect(await eventually(() => access(port, twin.userName, TWIN_PASSWORD))).toEqual(expected);
    await expect(access(port, twin.userName, `${TWIN_PASSWORD}x`)).rejects.toThrow();
  });
});
