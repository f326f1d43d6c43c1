/**
 * What each account may do, in the terms of the API that reads and sets it. The state holds one value per account
 * (by `accountKey`) and replaces it whole on every change, so a change is undone by putting the old value back.
 */

/** A TaurusDB database user (`ListGaussMySqlDatabaseUser`): read-only or read/write per database. */
export interface TaurusPrivileges {
  readonly kind: 'taurusdb';
  readonly databases: ReadonlyArray<{ readonly name: string; readonly readonly: boolean }>;
  readonly comment?: string;
}

/** An HTAP StarRocks account: its databases (`*` for all), DML level 0-3 and DDL 0-1. */
export interface StarRocksPrivileges {
  readonly kind: 'starrocks';
  readonly databases: readonly string[];
  readonly dml: number;
  readonly ddl: number;
}

/** An HTAP ClickHouse account: its databases (`*` for all) and DML level 1 (read-only) or 2 (read and settings). */
export interface ClickHousePrivileges {
  readonly kind: 'clickhouse';
  readonly databases: readonly string[];
  readonly dml: number;
}

/** One role of an OceanBase tenant user (`DescribeTenantUsers` `databases[]`). */
export interface ObRole {
  readonly database: string;
  /** `ReadWrite`, `ReadOnly`, `DDL`, `DML` or `other`. */
  readonly role: string;
  /** With `other`: the privileges, upper case, comma-separated. */
  readonly privileges?: string;
  readonly withGrant: boolean;
}

/** An OceanBase tenant user: its type and, for a normal user, its roles. */
export interface OceanBasePrivileges {
  readonly kind: 'oceanbase';
  /** `Normal` or `Admin` (a super administrator: every privilege, no roles). */
  readonly userType: string;
  readonly description?: string;
  readonly roles: readonly ObRole[];
}

export type UserPrivileges = TaurusPrivileges | StarRocksPrivileges | ClickHousePrivileges | OceanBasePrivileges;

/** What an account without a recorded value reads as: nothing granted (and each create operation's default levels). */
export function noPrivileges(kind: UserPrivileges['kind']): UserPrivileges {
  switch (kind) {
    case 'taurusdb':
      return { kind, databases: [] };
    case 'starrocks':
      return { kind, databases: [], dml: 2, ddl: 0 };
    case 'clickhouse':
      return { kind, databases: [], dml: 2 };
    case 'oceanbase':
      return { kind, userType: 'Normal', roles: [] };
  }
}

/** `*` in a HTAP database list: every database. */
export const ALL_DATABASES = '*';
