/** TLS to the database: a caller's CA (PEM) and, where the certificate names another host, the name to check. */
export interface TlsOptions {
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  readonly servername?: string;
  /**
   * What is checked before the password is sent: `full` (default) the chain and the name, `ca` the chain only,
   * `none` nothing (encrypted against a passive listener, not against an impostor).
   */
  readonly check?: 'full' | 'ca' | 'none';
}

/** A MySQL-protocol account: TaurusDB root and database users, StarRocks users, OceanBase tenant users. */
export interface MysqlLoginTarget {
  readonly protocol: 'mysql';
  readonly host: string;
  readonly port: number;
  /** The user name as sent at login (for OceanBase, see `oceanbaseLoginName`). */
  readonly user: string;
  /**
   * The account's host pattern (`%`, `10.10.10.%`): the verifier refuses to try when its own address cannot
   * match, instead of reporting a refusal that says nothing about the password. Default `%`.
   */
  readonly accountHost?: string;
  /**
   * Only for a server that trusts this client's PROXY protocol headers (the local twin): the client address to
   * claim, so that a host-restricted account can be logged in to from here.
   */
  readonly proxySource?: string;
  /** Default: required (system CAs) except on loopback. `false` turns it off explicitly. */
  readonly tls?: TlsOptions | false;
}

/** A ClickHouse account over its HTTP interface (HTAP ClickHouse users). */
export interface ClickHouseLoginTarget {
  readonly protocol: 'clickhouse-http';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Default: HTTPS (system CAs) except on loopback. `false` turns it off explicitly. */
  readonly tls?: TlsOptions | false;
  /**
   * How the credentials travel, as the application's client sends them. `basic` (default): HTTP Basic auth,
   * what clickhouse-connect always sends, clickhouse-js by default and clickhouse-go over plain HTTP.
   * `headers`: `X-ClickHouse-User` and `X-ClickHouse-Key`, what clickhouse-go sends over TLS and clickhouse-js
   * with its `tls` option. ClickHouse decodes RFC 2047 encoded words (`=?`) in every header value, so a
   * password that cannot travel in a header intact makes `headers` a LoginImpossibleError, never a refusal.
   */
  readonly auth?: 'basic' | 'headers';
}

export type LoginTarget = MysqlLoginTarget | ClickHouseLoginTarget;

export const describeTarget = (target: LoginTarget) =>
  `${target.user}${target.protocol === 'mysql' && target.accountHost ? `@${target.accountHost}` : ''} at ${target.host}:${target.port}`;

/** Whether TLS is used, and with what: required by default unless the host is loopback. */
export function tlsFor(target: LoginTarget): TlsOptions | undefined {
  if (target.tls === false) return undefined;
  if (target.tls) return target.tls;
  return isLoopback(target.host) ? undefined : {};
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
