import { BlockList, isIP } from 'node:net';

/** TLS to the database: a caller's CA (PEM) and, where the certificate names another host, the name to check. */
export interface TlsOptions {
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array> | undefined;
  readonly servername?: string | undefined;
  /**
   * What is checked before the password is sent: `full` (default) the chain and the name, `ca` the chain only,
   * `none` nothing (encrypted against a passive listener, not against an impostor).
   */
  readonly check?: 'full' | 'ca' | 'none' | undefined;
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
  readonly accountHost?: string | undefined;
  /**
   * Only for a server that trusts this client's PROXY protocol headers (the local twin): the client address to
   * claim, so that a host-restricted account can be logged in to from here.
   */
  readonly proxySource?: string | undefined;
  /**
   * Default: required (system CAs) unless the address connected to is loopback. `false` turns it off explicitly.
   * Without a checked certificate (`false`, `check: 'none'`, the loopback default), the login refuses the auth
   * plugins that would hand the password to the server (UnsafeAuthPluginError).
   */
  readonly tls?: TlsOptions | false | undefined;
}

/** A ClickHouse account over its HTTP interface (HTAP ClickHouse users). */
export interface ClickHouseLoginTarget {
  readonly protocol: 'clickhouse-http';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Default: HTTPS (system CAs) unless the address connected to is loopback. `false` turns it off explicitly. */
  readonly tls?: TlsOptions | false | undefined;
  /**
   * How the credentials travel, as the application's client sends them. `basic` (default): HTTP Basic auth,
   * what clickhouse-connect always sends, clickhouse-js by default and clickhouse-go over plain HTTP.
   * `headers`: `X-ClickHouse-User` and `X-ClickHouse-Key`, what clickhouse-go sends over TLS and clickhouse-js
   * with its `tls` option. ClickHouse decodes RFC 2047 encoded words (`=?`) in every header value, so a
   * password that cannot travel in a header intact makes `headers` a LoginImpossibleError, never a refusal.
   */
  readonly auth?: 'basic' | 'headers' | undefined;
}

export type LoginTarget = MysqlLoginTarget | ClickHouseLoginTarget;

export const describeTarget = (target: LoginTarget) =>
  `${target.user}${target.protocol === 'mysql' && target.accountHost ? `@${target.accountHost}` : ''} at ${target.host}:${target.port}`;

/**
 * Whether TLS is used, and with what: required by default unless the address actually connected to is loopback.
 * The address, not the host name: `localhost` or any other name may resolve to an address off this machine.
 */
export function tlsFor(target: LoginTarget, connectedAddress: string | undefined): TlsOptions | undefined {
  if (target.tls === false) return undefined;
  if (target.tls) return target.tls;
  return connectedAddress !== undefined && isLoopbackAddress(connectedAddress) ? undefined : {};
}

/** Whether the server's certificate is checked (chain, and name unless `check: 'ca'`) before anything is sent. */
export const certificateChecked = (tls: TlsOptions | undefined): boolean =>
  tls !== undefined && (tls.check ?? 'full') !== 'none';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether an IP address is loopback: 127.0.0.0/8, ::1, or IPv4-mapped (`::ffff:127.0.0.1`). A name never is. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
