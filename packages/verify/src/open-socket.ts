import { connect, type Socket } from 'node:net';
import { EngineUnreachableError } from './errors.js';
import type { HostLookup } from './login.js';

export interface OpenSocketOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Resolves a host name (default: the system's, `dns.lookup`). */
  readonly lookup?: HostLookup | undefined;
}

/** A TCP connection to host:port, or EngineUnreachableError by `timeoutMs` or the caller's abort. */
export function openSocket(host: string, port: number, options: OpenSocketOptions): Promise<Socket> {
  const { timeoutMs, signal, lookup } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted)
      return reject(new EngineUnreachableError(`login to ${host}:${port} aborted before connecting`, 'ABORTED'));
    const socket = connect({ host, port, ...(lookup ? { lookup } : {}) });
    const fail = (error: EngineUnreachableError) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = () =>
      fail(new EngineUnreachableError(`login to ${host}:${port} aborted while connecting`, 'ABORTED'));
    const timer = setTimeout(
      () => fail(new EngineUnreachableError(`no connection to ${host}:${port} within ${timeoutMs} ms`, 'TIMEOUT')),
      timeoutMs,
    );
    const onError = (error: NodeJS.ErrnoException) =>
      fail(new EngineUnreachableError(`cannot connect to ${host}:${port}: ${error.code ?? error.message}`));
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
  });
}
