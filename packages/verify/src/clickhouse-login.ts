import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { EngineError, EngineUnreachableError, LoginImpossibleError, TlsError } from './errors.js';
import type { LoginAttemptOptions, LoginOutcome } from './login.js';
import { type ClickHouseLoginTarget, describeTarget, tlsFor } from './login-target.js';

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
 * X-ClickHouse-User/Key (`auth: 'headers'`).
 */
export function tryClickHouseLogin(
  target: ClickHouseLoginTarget,
  password: string,
  options: LoginAttemptOptions,
): Promise<LoginOutcome> {
  const where = describeTarget(target);
  const tls = tlsFor(target);
  const send = tls ? httpsRequest : httpRequest;
  let headers: Record<string, string>;
  try {
    headers = credentialHeaders(target, password, where);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const request = send(
      {
        host: target.host,
        port: target.port,
        path: '/?query=SELECT%201',
        method: 'GET',
        headers,
        timeout: options.timeoutMs,
        agent: false,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(tls
          ? {
              ca: tls.ca as string[] | undefined,
              servername: tls.servername,
              rejectUnauthorized: tls.check !== 'none',
              ...(tls.check === 'ca' ? { checkServerIdentity: () => undefined } : {}),
            }
          : {}),
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
      if (/^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_)/.test(code))
        reject(new TlsError(`${where}: TLS failed (${code})`));
      else
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
