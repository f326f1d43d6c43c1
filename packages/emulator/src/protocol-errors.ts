import type { Duplex } from 'node:stream';
import type { Reply } from './http.js';
import { huaweiError } from './huawei/replies.js';
import { oceanbaseError } from './oceanbase/handlers.js';

/** Like the API gateway (APIG: 32 KB per header, 128 KB in all), not Node's default 16 KB. */
export const MAX_HEADER_BYTES = 128 * 1024;

/** Which cloud a request was for, from its target (OceanBase's API lives under /api/). */
export const cloudOf = (target: string | undefined): 'huawei' | 'oceanbase' =>
  target?.startsWith('/api/') ? 'oceanbase' : 'huawei';

/** A request the HTTP parser refused, answered in the cloud's own error format. */
export function protocolErrorReply(code: string | undefined, target: string | undefined): Reply {
  const tooLarge = code === 'HPE_HEADER_OVERFLOW';
  if (cloudOf(target) === 'oceanbase') {
    return tooLarge
      ? oceanbaseError(431, 'RequestHeaderFieldsTooLarge', 'Request headers too large.', undefined)
      : oceanbaseError(400, 'IllegalArgument', 'The HTTP request is malformed.', undefined);
  }
  // APIG's own answers: 494 for headers over its limits, 400 "API request error" for the rest.
  return tooLarge
    ? huaweiError(494, 'APIGW.0201', 'Request headers too large.', { gateway: true })
    : huaweiError(400, 'APIGW.0201', 'API request error.', { gateway: true });
}

const REQUEST_LINE = /^[A-Z]+ (\S+) HTTP\/1\.[01]\r?$/;
const lastTarget = new WeakMap<Duplex, string>();

/** The target of a request line, if the bytes start with one. */
export function targetOf(raw: Buffer | undefined): string | undefined {
  const line = raw?.subarray(0, 8_192).toString('latin1').split('\n', 1)[0];
  return line ? REQUEST_LINE.exec(line)?.[1] : undefined;
}

/**
 * Remembers the target of the last request line seen on a connection: the parser's error carries only the
 * chunk it failed on, which for oversized headers no longer holds the request line.
 */
export function watchRequestLines(socket: Duplex): void {
  socket.on('data', (chunk: Buffer) => {
    const target = targetOf(chunk);
    if (target) lastTarget.set(socket, target);
  });
}

export const lastRequestTarget = (socket: Duplex): string | undefined => lastTarget.get(socket);

/** Writes a reply straight to a socket whose request never parsed (no ServerResponse exists), then closes it. */
export function writeRawReply(socket: Duplex, reply: Reply): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify(reply.body ?? {});
  const headers = {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...reply.headers,
  };
  const reason =
    reply.status === 494
      ? 'Request Header Or Cookie Too Large'
      : reply.status === 431
        ? 'Request Header Fields Too Large'
        : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${reply.status} ${reason}\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n')}\r\n\r\n${body}`,
  );
}
