import { type AccountRef, accountKey, instanceKey } from '../account-ref.js';
import type { allAccounts } from '../fleet.js';
import { seed } from '../seed.js';
import type { UserPrivileges } from './privileges.js';

/** The databases every seeded instance and tenant has (ClickHouse adds its own `default`). */
export const SEEDED_DATABASES = ['app_db', 'reports'] as const;
/** A fleet's extra instance has one database: cheap for big fleets. */
const FLEET_DATABASE = 'app_db';

export interface SeededPrivileges {
  /** By instance key (`instanceKey`). */
  readonly databases: Map<string, Set<string>>;
  /** By account key (`accountKey`). */
  readonly privileges: Map<string, UserPrivileges>;
}

/**
 * The databases and grants the emulator starts with, so that copying one user's privileges to another means
 * something: the seeded users differ (read/write and read-only, one database or two), and fleet users alternate
 * between two levels on one database (odd numbers the stronger one).
 */
export function seedPrivileges(accounts: ReturnType<typeof allAccounts>): SeededPrivileges {
  const h = seed.huawei;
  const o = seed.oceanbase;
  const databases = new Map<string, Set<string>>();
  const privileges = new Map<string, UserPrivileges>();
  const grant = (account: AccountRef, value: UserPrivileges) => void privileges.set(accountKey(account), value);
  // A fleet user's number is its index among the fleet's users plus one: 001, 003, ... are odd.
  const odd = (fleetIndex: number) => fleetIndex % 2 === 0;

  for (const instance of accounts.taurusdb) {
    const seeded = instance.id === h.instances.taurusdb.id;
    databases.set(instance.id, new Set(seeded ? SEEDED_DATABASES : [FLEET_DATABASE]));
    for (const [index, user] of instance.users.entries()) {
      const account = { cloud: 'huawei', instanceId: instance.id, userName: user.name, host: user.host } as const;
      // app_user writes its application's data and reads the reports; report_user only reads the reports.
      const granted = !seeded
        ? [{ name: FLEET_DATABASE, readonly: !odd(index) }]
        : user.name === 'app_user'
          ? [
              { name: 'app_db', readonly: false },
              { name: 'reports', readonly: true },
            ]
          : [{ name: 'reports', readonly: true }];
      grant(account, { kind: 'taurusdb', databases: granted });
    }
  }

  const starrocks = h.instances.starrocks.id;
  databases.set(starrocks, new Set(SEEDED_DATABASES));
  for (const [index, userName] of accounts.starrocksUsers.entries()) {
    const levels = index === 0 ? { dml: 1, ddl: 0 } : odd(index - 1) ? { dml: 0, ddl: 1 } : { dml: 1, ddl: 0 };
    const granted = index === 0 ? [...SEEDED_DATABASES] : [FLEET_DATABASE];
    grant({ cloud: 'huawei', instanceId: starrocks, userName }, { kind: 'starrocks', databases: granted, ...levels });
  }

  const clickhouse = h.instances.clickhouse.id;
  databases.set(clickhouse, new Set(['default', ...SEEDED_DATABASES]));
  for (const [index, userName] of accounts.clickhouseUsers.entries()) {
    const granted = index === 0 ? [...SEEDED_DATABASES] : [FLEET_DATABASE];
    const dml = index === 0 ? 1 : odd(index - 1) ? 2 : 1;
    grant({ cloud: 'huawei', instanceId: clickhouse, userName }, { kind: 'clickhouse', databases: granted, dml });
  }

  const tenant = { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId } as const;
  databases.set(instanceKey({ ...tenant, userName: '' }), new Set(SEEDED_DATABASES));
  for (const [index, userName] of accounts.oceanbaseUsers.entries()) {
    const roles =
      index === 0
        ? [
            { database: 'app_db', role: 'ReadWrite', withGrant: false },
            { database: 'reports', role: 'ReadOnly', withGrant: false },
          ]
        : [{ database: FLEET_DATABASE, role: odd(index - 1) ? 'ReadWrite' : 'ReadOnly', withGrant: false }];
    grant({ ...tenant, userName }, { kind: 'oceanbase', userType: 'Normal', roles });
  }
  return { databases, privileges };
}
