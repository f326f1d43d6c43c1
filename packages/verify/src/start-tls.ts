import { isIP, type Socket } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { EngineUnreachableError, TlsError } from './errors.js';
import type { TlsOptions } from './login-target.js';

/**
 * Starts TLS on a connected socket and resolves once the server's certificate passed the check `tls` asks for;
 * until then nothing but the handshake is written. `host` is what the certificate must name unless
 * `tls.servername` says otherwise.
 */
export function startTls(
  socket: Socket,
  tls: TlsOptions,
  host: string,
  where: string,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<TLSSocket> {
  const check = tls.check ?? 'full';
  const servername = tls.servername ?? (isIP(host) ? undefined : host);
  return new Promise((resolve, reject) => {
    const secure = connect({
      socket,
      host,
      ...(servername ? { servername } : {}),
      ...(tls.ca ? { ca: tls.ca as Array<string | Buffer> } : {}),
      rejectUnauthorized: check !== 'none',
      ...(check === 'ca' ? { checkServerIdentity: () => undefined } : {}),
    });
    const fail = (error: Error) => {
      cleanup();
      secure.destroy();
      reject(error);
    };
    const onError = (error: NodeJS.ErrnoException) =>
      fail(new TlsError(`${where}: TLS failed (${error.code ?? 'error'})`));
    const onClose = () => fail(new TlsError(`${where}: TLS failed (the server closed the connection)`));
    const onAbort = () =>
      fail(new EngineUnreachableError(`${where}: login aborted during the TLS handshake`, 'ABORTED'));
    const timer = setTimeout(
      () => fail(new EngineUnreachableError(`${where}: no TLS handshake within ${options.timeoutMs} ms`, 'TIMEOUT')),
      options.timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      secure.off('error', onError);
      secure.off('close', onClose);
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    secure.once('error', onError);
    secure.once('close', onClose);
    secure.once('secureConnect', () => {
      cleanup();
      resolve(secure);
    });
  });
}
