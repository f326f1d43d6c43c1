export type Cloud = 'huawei' | 'oceanbase';

export type AccountKind = 'taurusdb-root' | 'taurusdb-db-user' | 'starrocks' | 'clickhouse' | 'oceanbase-tenant-user';

/** How an OceanBase tenant user is named at login: `user`, `user@tenant`, `user@tenant#cluster`, `cluster:tenant:user`. */
export type OceanBaseLoginName = 'plain' | 'tenant' | 'proxy' | 'proxy-colon';

/** How a login verifier reaches the database, from the plan. */
export interface LoginAddress {
  readonly host: string;
  readonly port: number;
  /** Absent: the verifier's default, TLS required with the system CAs except on loopback. */
  readonly tls?: TlsSettings;
  /** OceanBase only (default `plain`, a tenant's own address). */
  readonly loginName?: OceanBaseLoginName;
  /** Only for a database that trusts this host's PROXY protocol headers (the local twin). */
  readonly proxySource?: string;
}

export interface TlsSettings {
  /** `disabled`: plain; `required`: encrypted, certificate not checked; `verify-ca` / `verify-full`: checked (full: host name too). */
  readonly mode: 'disabled' | 'required' | 'verify-ca' | 'verify-full';
  /** PEM file of the CA to trust, instead of the system's. */
  readonly caFile?: string | undefined;
  /** Host name to check the certificate against, when it differs from `host`. */
  readonly serverName?: string | undefined;
}

/** One database account a plan rotates. */
export interface AccountRef {
  /** Stable id in the store and on the command line: the target name, plus `/user@host` for a target of several users. */
  readonly id: string;
  /** The plan target it comes from. */
  readonly target: string;
  readonly cloud: Cloud;
  readonly kind: AccountKind;
  readonly instanceId: string;
  /** OceanBase tenant. */
  readonly tenantId?: string;
  /** The database user (`root` for taurusdb-root). */
  readonly userName: string;
  /** TaurusDB database users only: the host pattern (`%`, `10.10.10.%`). */
  readonly host?: string;
  /** Where a verifier logs in; absent when the plan says a login is impossible from here (API evidence only). */
  readonly login?: LoginAddress;
}
