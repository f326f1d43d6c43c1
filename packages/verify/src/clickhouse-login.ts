import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { EngineError, EngineUnreachableError, TlsError } from './errors.js';
import type { LoginAttemptOptions, LoginOutcome } from './login.js';
import { type ClickHouseLoginTarget, describeTarget, tlsFor } from './login-target.js';

// 192 unknown user, 193 wrong password, 516 authentication failed (newer servers).
const REFUSED_CODES = /^Code: (192|193|516)\b/;

/** One login over ClickHouse's HTTP interface (`SELECT 1` with X-ClickHouse-User/Key). */
export function tryClickHouseLogin(
  target: ClickHouseLoginTarget,
  password: string,
  options: LoginAttemptOptions,
): Promise<LoginOutcome> {
  const where = describeTarget(target);
  const tls = tlsFor(target);
  const send = tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      {
        host: target.host,
        port: target.port,
        path: '/?query=SELECT%201',
        method: 'GET',
        headers: { 'X-ClickHouse-User': target.user, 'X-ClickHouse-Key': password },
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
