import { closeSync, openSync, writeSync } from 'node:fs';
import type { RecordedRequest } from '../server.js';

/** One line of the request log: what was asked and answered, never a header, a body or a credential. */
export interface RequestLogLine {
  readonly time: string;
  readonly method: string;
  /** The path without its query. */
  readonly path: string;
  readonly operationId: string | null;
  /** 0 when the connection was dropped. */
  readonly status: number;
  /** The injected fault's kind, if one was. */
  readonly fault: string | null;
}

export const requestLogLine = (request: RecordedRequest): RequestLogLine => ({
  time: new Date(request.at).toISOString(),
  method: request.method,
  path: request.path,
  operationId: request.operationId ?? null,
  status: request.status,
  fault: request.fault ?? null,
});

export interface RequestLog {
  /** Appends the request's line. */
  write(request: RecordedRequest): void;
  close(): void;
}

/**
 * Appends to `file` (created with mode 0600), one line per request the moment it is answered, so `tail -f` follows
 * it. A write that fails is reported once on stderr and logging stops; the emulator keeps answering.
 */
export function openRequestLog(file: string): RequestLog {
  let fd: number | undefined = openSync(file, 'a', 0o600);
  return {
    write(request) {
      if (fd === undefined) return;
      try {
        writeSync(fd, `${JSON.stringify(requestLogLine(request))}\n`);
      } catch (error) {
        console.error(`dbpass-emulator: stopped writing the request log ${file}: ${(error as Error).message}`);
        closeSync(fd);
        fd = undefined;
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
