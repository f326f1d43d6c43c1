import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AccountRef, instanceKey, splitUserKey } from '../account-ref.js';
import {
  clickhouseAccess,
  type MysqlGrant,
  oceanbaseGrants,
  starrocksGrants,
  taurusGrants,
} from '../privileges/engine-grants.js';
import type { UserPrivileges } from '../privileges/privileges.js';
import type { EmulatorState } from '../state.js';
import { type ClickHouseServer, startClickHouse } from './clickhouse-server.js';
import { findEnginePrograms } from './find-programs.js';
import { type MariaDbServer, type MysqlAccount, startMariaDb } from './mariadb-server.js';
import { oceanbaseLoginNames } from './oceanbase-login-names.js';

export { instanceKey };

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

/** A new account: its password and what it is granted. */
export interface NewAccount {
  readonly account: AccountRef;
  readonly password: string;
  readonly privileges: UserPrivileges;
}

export interface PrivilegeChange {
  readonly account: AccountRef;
  readonly privileges: UserPrivileges;
}

/** The databases behind the emulated instances. In memory mode there are none and changes live in the state only. */
export interface Engines {
  readonly mode: EngineMode;
  /** By instance key: a Huawei instance id, or `oceanbase/<instanceId>/<tenantId>`. */
  readonly addresses: ReadonlyMap<string, EngineAddress>;
  /** Applies changes that share one instance; they take effect together or not at all (MariaDB), or on the next reload (ClickHouse). */
  setPasswords(changes: readonly PasswordChange[]): Promise<void>;
  /** Creates accounts of one instance with their passwords and grants (ClickHouse: on the next reload). */
  createAccounts(accounts: readonly NewAccount[]): Promise<void>;
  /** Replaces what accounts of one instance are granted (ClickHouse: on the next reload). */
  setPrivileges(changes: readonly PrivilegeChange[]): Promise<void>;
  stop(): Promise<void>;
}

export const memoryEngines = (): Engines => ({
  mode: 'memory',
  addresses: new Map(),
  setPasswords: async () => undefined,
  createAccounts: async () => undefined,
  setPrivileges: async () => undefined,
  stop: async () => undefined,
});

type Backing =
  | { kind: 'mariadb'; server: MariaDbServer; taurusRoot: boolean }
  | { kind: 'clickhouse'; server: ClickHouseServer };

/** The GRANTs that an account's privileges are on a MySQL-protocol engine. */
function mysqlGrants(privileges: UserPrivileges): readonly MysqlGrant[] {
  switch (privileges.kind) {
    case 'taurusdb':
      return taurusGrants(privileges);
    case 'starrocks':
      return starrocksGrants(privileges);
    case 'oceanbase':
      return oceanbaseGrants(privileges);
    case 'clickhouse':
      throw new Error('ClickHouse privileges are not MySQL grants');
  }
}

function clickhouseAccessOf(privileges: UserPrivileges) {
  if (privileges.kind !== 'clickhouse') throw new Error(`${privileges.kind} privileges are not ClickHouse access`);
  return clickhouseAccess(privileges);
}

/**
 * One real server per emulated instance, each from a private folder under the system temp folder: MariaDB for
 * TaurusDB, StarRocks and each OceanBase tenant (all MySQL protocol), ClickHouse for the ClickHouse instance.
 * The seeded accounts exist with the seeded password, the seeded databases exist, and each account has its grants.
 */
export async function startRealEngines(state: EmulatorState, initialPassword: string): Promise<Engines> {
  const programs = findEnginePrograms();
  const root = await mkdtemp(path.join(tmpdir(), 'dbpass-twin-'));
  const backings = new Map<string, Backing>();
  const mariadb = (name: string, key: string, accounts: MysqlAccount[]) =>
    startMariaDb({
      dir: path.join(root, name),
      programs: { mariadbd: programs.mariadbd, installDb: programs['mariadb-install-db'] },
      accounts,
      databases: state.databasesOf(key),
    });
  const starts: Array<Promise<void>> = [];
  for (const instance of state.huaweiInstances.values()) {
    if (instance.kind === 'clickhouse') {
      const users = [...instance.users.keys()].map((name) => ({
        name,
        password: initialPassword,
        access: clickhouseAccessOf(state.privilegesOf({ cloud: 'huawei', instanceId: instance.id, userName: name })),
      }));
      starts.push(
        startClickHouse({
          dir: path.join(root, instance.id),
          program: programs['clickhouse-server'],
          users,
          databases: state.databasesOf(instance.id),
        }).then((server) => void backings.set(instance.id, { kind: 'clickhouse', server })),
      );
      continue;
    }
    const accounts: MysqlAccount[] = [...instance.users.keys()].map((key) => {
      const [name, host] = instance.kind === 'taurusdb' ? splitUserKey(key) : [key, '%'];
      const account: AccountRef = {
        cloud: 'huawei',
        instanceId: instance.id,
        userName: name,
        ...(instance.kind === 'taurusdb' ? { host } : {}),
      };
      return { name, host, password: initialPassword, grants: mysqlGrants(state.privilegesOf(account)) };
    });
    const taurusRoot = instance.kind === 'taurusdb';
    if (taurusRoot) accounts.push({ name: 'root', host: '%', password: initialPassword });
    starts.push(
      mariadb(instance.id, instance.id, accounts).then(
        (server) => void backings.set(instance.id, { kind: 'mariadb', server, taurusRoot }),
      ),
    );
  }
  const tenants = new Map<string, MysqlAccount[]>();
  for (const key of state.oceanbaseUsers.keys()) {
    const [instanceId, tenantId, userName] = key.split('/') as [string, string, string];
    const accounts = tenants.get(`${instanceId}/${tenantId}`) ?? [];
    const grants = mysqlGrants(state.privilegesOf({ cloud: 'oceanbase', instanceId, tenantId, userName }));
    for (const name of oceanbaseLoginNames(userName, tenantId, instanceId))
      accounts.push({ name, host: '%', password: initialPassword, grants });
    tenants.set(`${instanceId}/${tenantId}`, accounts);
  }
  for (const [tenant, accounts] of tenants) {
    starts.push(
      mariadb(`oceanbase-${tenant.replace('/', '-')}`, `oceanbase/${tenant}`, accounts).then(
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
  /** The engine of the instance the (first) account belongs to. */
  const backingOf = (account: AccountRef): Backing => {
    const backing = backings.get(instanceKey(account));
    if (!backing) throw new Error(`no engine behind instance ${instanceKey(account)}`);
    return backing;
  };
  return {
    mode: 'real',
    addresses,
    async setPasswords(changes) {
      const [first] = changes;
      if (!first) return;
      const backing = backingOf(first.account);
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
    async createAccounts(accounts) {
      const [first] = accounts;
      if (!first) return;
      const backing = backingOf(first.account);
      if (backing.kind === 'clickhouse') {
        for (const { account, password, privileges } of accounts)
          await backing.server.createUser(userName(account), password, clickhouseAccessOf(privileges));
        return;
      }
      await backing.server.createAccounts(
        accounts.flatMap(({ account, password, privileges }) =>
          mysqlAccounts(account).map((login) => ({ ...login, password, grants: mysqlGrants(privileges) })),
        ),
      );
    },
    async setPrivileges(changes) {
      const [first] = changes;
      if (!first) return;
      const backing = backingOf(first.account);
      if (backing.kind === 'clickhouse') {
        for (const { account, privileges } of changes)
          await backing.server.setAccess(userName(account), clickhouseAccessOf(privileges));
        return;
      }
      await backing.server.setGrants(
        changes.flatMap(({ account, privileges }) =>
          mysqlAccounts(account).map((login) => ({ ...login, grants: mysqlGrants(privileges) })),
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
