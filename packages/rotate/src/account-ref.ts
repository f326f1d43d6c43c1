import type { AccountKind } from './kinds/registry.js';
import type { connectionSchema } from './plan/connection-schema.js';
import type { loginName, tls } from './plan/schema-parts.js';
import type { SchemaType } from './plan/schema-type.js';

export type { AccountKind };

/** The cloud whose API sets an account's password. */
export type Cloud = SchemaType<typeof connectionSchema>['cloud'];

/** How an OceanBase tenant user is named at login: `user`, `user@tenant`, `user@tenant#cluster`, `cluster:tenant:user`. */
export type OceanBaseLoginName = SchemaType<typeof loginName>;

/** TLS of a verifier's login, as the plan gives it. */
export type TlsSettings = SchemaType<typeof tls>;

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
  /**
   * The `alternating` strategy: the account's twin, a second user with the same privileges (and host); each rotation
   * sets the password of the one CURRENT does not name. Absent: the `single` strategy.
   */
  readonly twin?: string;
}
