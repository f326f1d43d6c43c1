import type { Socket } from 'node:net';
import { type Connection, createConnection } from 'mysql2/promise';
import {
  EngineError,
  EngineUnreachableError,
  LoginImpossibleError,
  TlsError,
  UnsafeAuthPluginError,
} from './errors.js';
import { hostPatternMatches } from './host-pattern.js';
import type { LoginAttempt, LoginAttemptOptions } from './login.js';
import { certificateChecked, describeTarget, type MysqlLoginTarget, tlsFor } from './login-target.js';
import { guardAuthPlugins, type PasswordRevealingStep } from './mysql-auth-plugins.js';
import { openSocket } from './open-socket.js';

const REFUSED = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']);
const TLS_CODES =
  /^(HANDSHAKE_NO_SSL_SUPPORT|HANDSHAKE_SSL_ERROR|ERR_TLS_.*|ERR_SSL_.*|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_.*|CERT_.*)$/;
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/** One login over the MySQL protocol: 'accepted', 'refused' (wrong password or no such user), or a typed error. */
export async function tryMysqlLogin(
  target: MysqlLoginTarget,
  password: string,
  options: LoginAttemptOptions,
): Promise<LoginAttempt> {
  const where = describeTarget(target);
  const socket = await openSocket(target.host, target.port, options);
  const from = target.proxySource ?? socket.localAddress ?? '';
  const pattern = target.accountHost ?? '%';
  if (!hostPatternMatches(pattern, from)) {
    socket.destroy();
    throw new LoginImpossibleError(
      `${where}: the account accepts logins only from hosts matching '${pattern}', and this verifier connects from ${from}; ` +
        'verify from such a host, or record API-level evidence instead',
    );
  }
  if (target.proxySource) socket.write(proxyHeader(target.proxySource, socket));
  const tls = tlsFor(target, socket.remoteAddress);
  // Node's TLS checks the certificate against the socket's `_host`, which it sets only for names it looked up;
  // for an IP it would check 'localhost'. The driver upgrades this very socket, so name the address on it.
  const check = tls?.check ?? 'full';
  if (tls && check === 'full') (socket as Socket & { _host?: string })._host = tls.servername ?? target.host;
  const verified = certificateChecked(tls);
  const guard = verified ? undefined : guardAuthPlugins();
  let connection: Connection | undefined;
  const onAbort = () => socket.destroy();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    connection = await createConnection({
      stream: socket,
      host: tls?.servername ?? target.host,
      port: target.port,
      user: target.user,
      password,
      connectTimeout: options.timeoutMs,
      // A login prepares no statement; the driver's default cache fills four 16,000-slot arrays per connection,
      // which made garbage collection a third of a login-verified fleet run's CPU.
      maxPreparedStatements: 1,
      // To a server whose certificate was checked, the password may go as the account's plugin needs it.
      ...(guard ? { authPlugins: guard.authPlugins } : { enableCleartextPlugin: true }),
      ...(tls
        ? {
            ssl: {
              ...(tls.ca ? { ca: tls.ca as string[] } : {}),
              rejectUnauthorized: check !== 'none',
              verifyIdentity: check === 'full',
            },
          }
        : {}),
    });
    return { outcome: 'accepted', tls: tls !== undefined };
  } catch (error) {
    const refused = guard?.refused();
    if (refused) throw unsafePlugin(where, refused, tls !== undefined);
    return { outcome: classify(error, where, tls !== undefined), tls: tls !== undefined };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    connection?.destroy();
    socket.destroy();
  }
}

function unsafePlugin(where: string, step: PasswordRevealingStep, tls: boolean): UnsafeAuthPluginError {
  const why =
    step === 'caching_sha2_password full authentication'
      ? ' (asked while the server has no cached entry for the account, as after a restart or a password change; ' +
        'one login with the certificate checked fills it)'
      : '';
  return new UnsafeAuthPluginError(
    `${where}: the server asked for ${step}${why}, which hands the server the password, over a connection whose ` +
      `certificate was not checked (${tls ? "TLS with check: 'none'" : 'no TLS'}): it may not be the database, so ` +
      "the password was not sent. Log in over TLS with the server's certificate checked (tls: { ca } with check " +
      "'full' or 'ca'; in a plan, tls mode verify-full or verify-ca)",
    step,
  );
}

/** Maps a driver error to an outcome; the driver's messages name the user and host, never the password. */
function classify(error: unknown, where: string, tls: boolean): 'refused' {
  const { code, errno, sqlMessage, message } = (error ?? {}) as {
    code?: string;
    errno?: number;
    sqlMessage?: string;
    message?: string;
  };
  if (code && REFUSED.has(code)) return 'refused';
  if (code === 'ER_HOST_NOT_PRIVILEGED' || errno === 1130)
    throw new LoginImpossibleError(`${where}: the server accepts no login from this host (${code ?? errno})`);
  if (code && TLS_CODES.test(code))
    throw new TlsError(
      `${where}: TLS ${tls ? 'failed' : 'is not available'} (${code}${message ? `: ${message}` : ''})`,
    );
  if (code && NETWORK_CODES.has(code))
    throw new EngineUnreachableError(`${where}: the connection failed during login (${code})`);
  if (code === 'ER_CON_COUNT_ERROR')
    throw new EngineUnreachableError(
      `${where}: the server has no connection to spare (${code}); try again later`,
      'BUSY',
    );
  throw new EngineError(
    `${where}: the server answered the login with an error (${code ?? 'unknown'}${sqlMessage ? `: ${sqlMessage}` : ''})`,
  );
}

/** A PROXY protocol v1 header claiming `source` as the client address. */
function proxyHeader(source: string, socket: Socket): string {
  const family = source.includes(':') ? 'TCP6' : 'TCP4';
  return `PROXY ${family} ${source} ${socket.remoteAddress} ${socket.localPort} ${socket.remotePort}\r\n`;
}
