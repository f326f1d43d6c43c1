import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { EngineError, EngineUnreachableError, LoginImpossibleError } from './errors.js';
import type { LoginAttempt, LoginAttemptOptions, LoginOutcome } from './login.js';
import { type ClickHouseLoginTarget, describeTarget, tlsFor } from './login-target.js';
import { openSocket } from './open-socket.js';
import { startTls } from './start-tls.js';

// 192 unknown user, 193 wrong password, 516 authentication failed (newer servers).
const REFUSED_CODES = /^Code: (192|193|516)\b/;

/**
 * Whether a value reaches ClickHouse intact in an HTTP header. ClickHouse reads every header value through Poco's
 * MessageHeader::decodeWord (RFC 2047: from `=?` on, an encoded word is decoded, or the `=?` dropped), skips
 * leading and trims trailing whitespace, and Node sends characters beyond ASCII as Latin-1 bytes, not UTF-8.
 */
export function sendableInClickHouseHeader(value: string): boolean {
  return !value.includes('=?') && /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/.test(value);
}

/** The credentials as the target's `auth` sends them; throws LoginImpossibleError for ones that cannot travel intact. */
function credentialHeaders(target: ClickHouseLoginTarget, password: string, where: string): Record<string, string> {
  if ((target.auth ?? 'basic') === 'basic') {
    // RFC 7617 section 2: the user-id cannot contain a colon (the server splits at the first one); the password can.
    if (target.user.includes(':'))
      throw new LoginImpossibleError(`${where}: a user name with ':' cannot be sent by HTTP Basic auth`);
    return { Authorization: `Basic ${Buffer.from(`${target.user}:${password}`, 'utf8').toString('base64')}` };
  }
  if (!sendableInClickHouseHeader(target.user) || !sendableInClickHouseHeader(password)) {
    throw new LoginImpossibleError(
      `${where}: the ${sendableInClickHouseHeader(target.user) ? 'password' : 'user name'} cannot reach ClickHouse intact in ` +
        'an X-ClickHouse header (the server decodes RFC 2047 `=?` words and trims whitespace in header values; ' +
        "only printable ASCII is sent as is): log in with auth: 'basic', as clickhouse-connect does",
    );
  }
  return { 'X-ClickHouse-User': target.user, ...(password ? { 'X-ClickHouse-Key': password } : {}) };
}

/**
 * One login over ClickHouse's HTTP interface (`SELECT 1`), with the credentials in HTTP Basic auth (default) or
 * X-ClickHouse-User/Key (`auth: 'headers'`). The connection is made first, so that whether TLS is needed is
 * decided by the address connected to; over TLS, the request is sent only once the certificate passed its check.
 */
export async function tryClickHouseLogin(
  target: ClickHouseLoginTarget,
  password: string,
  options: LoginAttemptOptions,
): Promise<LoginAttempt> {
  const where = describeTarget(target);
  const headers = credentialHeaders(target, password, where);
  const socket = await openSocket(target.host, target.port, options);
  try {
    const tls = tlsFor(target, socket.remoteAddress);
    const stream = tls ? await startTls(socket, tls, target.host, where, options) : socket;
    try {
      return { outcome: await selectOne(stream, target, headers, where, options), tls: tls !== undefined };
    } finally {
      stream.destroy();
    }
  } finally {
    socket.destroy();
  }
}

function selectOne(
  stream: Socket,
  target: ClickHouseLoginTarget,
  headers: Record<string, string>,
  where: string,
  options: LoginAttemptOptions,
): Promise<LoginOutcome> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.host,
        port: target.port,
        path: '/?query=SELECT%201',
        method: 'GET',
        headers,
        timeout: options.timeoutMs,
        // This connection, already open (and TLS already checked): no agent, no second connection.
        createConnection: () => stream,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (response: IncomingMessage) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 2_000) body += chunk;
        });
        response.on('end', () => {
          if (response.statusCode === 200) return resolve('accepted');
          if (response.statusCode === 401 || response.statusCode === 403 || REFUSED_CODES.test(body))
            return resolve('refused');
          reject(
            new EngineError(
              `${where}: ClickHouse answered ${response.statusCode}: ${body.split('\n')[0]!.slice(0, 200)}`,
            ),
          );
        });
        response.on('error', (error) =>
          reject(
            new EngineUnreachableError(
              `${where}: the answer was cut off (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
            ),
          ),
        );
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.name;
      reject(
        new EngineUnreachableError(
          `${where}: cannot reach ClickHouse (${code})`,
          code === 'ABORT_ERR' ? 'ABORTED' : 'UNREACHABLE',
        ),
      );
    });
    request.end();
  });
}
