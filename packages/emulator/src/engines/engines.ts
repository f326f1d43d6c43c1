import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AccountRef, type EmulatorState, splitUserKey } from '../state.js';
import { type ClickHouseServer, startClickHouse } from './clickhouse-server.js';
import { findEnginePrograms } from './find-programs.js';
import { type MariaDbServer, type MysqlAccount, startMariaDb } from './mariadb-server.js';
import { oceanbaseLoginNames } from './oceanbase-login-names.js';

export type EngineMode = 'real' | 'memory';

/** Where an instance's database listens: a real engine on loopback, or none in memory mode. */
export interface EngineAddress {
  readonly engine: 'mariadb' | 'clickhouse';
  readonly protocol: 'mysql' | 'clickhouse-http';
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly pid: number;
}

export interface PasswordChange {
  readonly account: AccountRef;
  readonly password: string;
}

/** The databases behind the emulated instances. In memory mode there are none and changes live in the state only. */
export interface Engines {
  readonly mode: EngineMode;
  /** By instance key: a Huawei instance id, or `oceanbase/<instanceId>/<tenantId>`. */
  readonly addresses: ReadonlyMap<string, EngineAddress>;
  /** Applies changes that share one instance; they take effect together or not at all (MariaDB), or on the next reload (ClickHouse). */
  setPasswords(changes: readonly PasswordChange[]): Promise<void>;
  stop(): Promise<void>;
}

export const instanceKey = (account: AccountRef) =>
  account.cloud === 'oceanbase' ? `oceanbase/${account.instanceId}/${account.tenantId}` : account.instanceId;

export const memoryEngines = (): Engines => ({
  mode: 'memory',
  addresses: new Map(),
  setPasswords: async () => undefined,
  stop: async () => undefined,
});

type Backing =
  | { kind: 'mariadb'; server: MariaDbServer; taurusRoot: boolean }
  | { kind: 'clickhouse'; server: ClickHouseServer };

/**
 * One real server per emulated instance, each from a private folder under the system temp folder: MariaDB for
 * TaurusDB, StarRocks and each OceanBase tenant (all MySQL protocol), ClickHouse for the ClickHouse instance.
 * The seeded accounts exist with the seeded password.
 */
export async function startRealEngines(state: EmulatorState, initialPassword: string): Promise<Engines> {
  const programs = findEnginePrograms();
  const root = await mkdtemp(path.join(tmpdir(), 'dbpass-twin-'));
  const backings = new Map<string, Backing>();
  const mariadb = (name: string, accounts: MysqlAccount[]) =>
    startMariaDb({
      dir: path.join(root, name),
      programs: { mariadbd: programs.mariadbd, installDb: programs['mariadb-install-db'] },
      accounts,
    });
  const starts: Array<Promise<void>> = [];
  for (const instance of state.huaweiInstances.values()) {
    if (instance.kind === 'clickhouse') {
      const users = [...instance.users.keys()].map((name) => ({ name, password: initialPassword }));
      starts.push(
        startClickHouse({ dir: path.join(root, instance.id), program: programs['clickhouse-server'], users }).then(
          (server) => void backings.set(instance.id, { kind: 'clickhouse', server }),
        ),
      );
      continue;
    }
    const accounts: MysqlAccount[] = [...instance.users.keys()].map((key) => {
      const [name, host] = instance.kind === 'taurusdb' ? splitUserKey(key) : [key, '%'];
      return { name, host, password: initialPassword };
    });
    const taurusRoot = instance.kind === 'taurusdb';
    if (taurusRoot) accounts.push({ name: 'root', host: '%', password: initialPassword });
    starts.push(
      mariadb(instance.id, accounts).then(
        (server) => void backings.set(instance.id, { kind: 'mariadb', server, taurusRoot }),
      ),
    );
  }
  const tenants = new Map<string, MysqlAccount[]>();
  for (const key of state.oceanbaseUsers.keys()) {
    const [instanceId, tenantId, userName] = key.split('/') as [string, string, string];
    const accounts = tenants.get(`${instanceId}/${tenantId}`) ?? [];
    for (const name of oceanbaseLoginNames(userName, tenantId, instanceId))
      accounts.push({ name, host: '%', password: initialPassword });
    tenants.set(`${instanceId}/${tenantId}`, accounts);
  }
  for (const [tenant, accounts] of tenants) {
    starts.push(
      mariadb(`oceanbase-${tenant.replace('/', '-')}`, accounts).then(
        (server) => void backings.set(`oceanbase/${tenant}`, { kind: 'mariadb', server, taurusRoot: false }),
      ),
    );
  }
  const stopAll = async () => {
    await Promise.all([...backings.values()].map((backing) => backing.server.stop()));
    await rm(root, { recursive: true, force: true });
  };
  const started = await Promise.allSettled(starts);
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stopAll();
    throw failure.reason;
  }
  const addresses = new Map<string, EngineAddress>(
    [...backings].map(([key, backing]) => [
      key,
      {
        engine: backing.kind,
        protocol: backing.kind === 'mariadb' ? 'mysql' : 'clickhouse-http',
        host: '127.0.0.1',
        port: backing.server.port,
        pid: backing.server.pid,
      },
    ]),
  );
  return {
    mode: 'real',
    addresses,
    async setPasswords(changes) {
      const [first] = changes;
      if (!first) return;
      const backing = backings.get(instanceKey(first.account));
      if (!backing) throw new Error(`no engine behind instance ${instanceKey(first.account)}`);
      if (backing.kind === 'clickhouse') {
        for (const change of changes) await backing.server.setPassword(userName(change.account), change.password);
        return;
      }
      await backing.server.setPasswords(
        changes.flatMap((change) =>
          mysqlAccounts(change.account).map((account) => ({ ...account, password: change.password })),
        ),
      );
    },
    stop: stopAll,
  };
}

function userName(account: AccountRef): string {
  if (account.userName === undefined) throw new Error('a ClickHouse change names its user');
  return account.userName;
}

/** The MariaDB accounts that one emulated account is (an OceanBase user is one account under each login name form). */
function mysqlAccounts(account: AccountRef): Array<{ name: string; host: string }> {
  if (account.cloud === 'oceanbase')
    return oceanbaseLoginNames(account.userName, account.tenantId, account.instanceId).map((name) => ({
      name,
      host: '%',
    }));
  if (account.userName === undefined) return [{ name: 'root', host: '%' }];
  return [{ name: account.userName, host: account.host ?? '%' }];
}
