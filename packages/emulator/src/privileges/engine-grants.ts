import {
  ALL_DATABASES,
  type ClickHousePrivileges,
  type OceanBasePrivileges,
  type StarRocksPrivileges,
  type TaurusPrivileges,
} from './privileges.js';

/** One GRANT on a MySQL-protocol engine: privileges on `database.*` (`*.*` for database `*`). */
export interface MysqlGrant {
  readonly database: string;
  readonly privileges: readonly string[];
  readonly withGrant?: boolean;
}

/** A ClickHouse user's access: the databases it may use (`all`, or a list) and its `readonly` level. */
export interface ClickHouseAccess {
  readonly databases: 'all' | readonly string[];
  readonly readonly: 1 | 2;
}

const READ = ['SELECT'];
const WRITE = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
// StarRocks' DDL privilege, in the MySQL privileges that change a schema.
const STARROCKS_DDL = ['CREATE', 'DROP', 'ALTER', 'INDEX', 'CREATE VIEW', 'SHOW VIEW'];

/**
 * OceanBase's MySQL-mode roles (ApsaraDB DescribeTenantUsers): ReadWrite is ALL PRIVILEGES, ReadOnly SELECT, DDL
 * and DML their documented lists.
 */
export const OCEANBASE_ROLES: Readonly<Record<string, readonly string[]>> = {
  ReadWrite: ['ALL PRIVILEGES'],
  ReadOnly: READ,
  DDL: ['CREATE', 'DROP', 'ALTER', 'SHOW VIEW', 'CREATE VIEW'],
  DML: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'SHOW VIEW'],
};

/** The database-level privileges a role `other` may list (MySQL's, without GRANT OPTION: that is `withGrant`). */
export const DATABASE_PRIVILEGES: ReadonlySet<string> = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'INDEX',
  'REFERENCES',
  'CREATE VIEW',
  'SHOW VIEW',
  'CREATE ROUTINE',
  'ALTER ROUTINE',
  'EXECUTE',
  'TRIGGER',
  'EVENT',
  'LOCK TABLES',
  'CREATE TEMPORARY TABLES',
]);

/** TaurusDB: read-only is SELECT on the database, read/write ALL PRIVILEGES on it. */
export function taurusGrants(privileges: TaurusPrivileges): MysqlGrant[] {
  return privileges.databases.map((database) => ({
    database: database.name,
    privileges: database.readonly ? READ : ['ALL PRIVILEGES'],
  }));
}

/**
 * StarRocks on the MariaDB stand-in: DML 0 and 3 (read/write) are SELECT, INSERT, UPDATE, DELETE; 1 and 2
 * (read-only) SELECT; DDL 1 adds the schema privileges. "Settings" (2 and 3) has no MySQL privilege: the state
 * tells 1 from 2, the engine cannot. `information_schema` is readable by every account, so it is granted nothing.
 */
export function starrocksGrants(privileges: StarRocksPrivileges): MysqlGrant[] {
  const dml = privileges.dml === 0 || privileges.dml === 3 ? WRITE : READ;
  const granted = privileges.ddl === 1 ? [...dml, ...STARROCKS_DDL] : dml;
  return privileges.databases
    .filter((database) => database.toLowerCase() !== 'information_schema')
    .map((database) => ({ database, privileges: granted }));
}

/** OceanBase: each role on its database; a super administrator has every privilege on everything, with grant. */
export function oceanbaseGrants(privileges: OceanBasePrivileges): MysqlGrant[] {
  if (privileges.userType === 'Admin')
    return [{ database: ALL_DATABASES, privileges: ['ALL PRIVILEGES'], withGrant: true }];
  return privileges.roles.map((role) => ({
    database: role.database,
    privileges:
      role.role === 'other'
        ? (role.privileges ?? '').split(',').map((name) => name.trim())
        : OCEANBASE_ROLES[role.role]!,
    withGrant: role.withGrant,
  }));
}

/** ClickHouse: the databases as `allow_databases` (`*` lifts it), DML 1 and 2 as the `readonly` setting. */
export function clickhouseAccess(privileges: ClickHousePrivileges): ClickHouseAccess {
  return {
    databases: privileges.databases.includes(ALL_DATABASES) ? 'all' : privileges.databases,
    readonly: privileges.dml === 1 ? 1 : 2,
  };
}
