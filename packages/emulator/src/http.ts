import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as a handler sees it: the raw target (for signature checks), headers and body bytes. */
export interface EmulatorRequest {
  readonly method: string;
  /** The request-target exactly as received (path and query, not decoded). */
  readonly target: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export async function readRequest(request: IncomingMessage): Promise<EmulatorRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const target = request.url ?? '/';
  return {
    method: request.method ?? 'GET',
    target,
    url: new URL(target, `http://${request.headers.host ?? '127.0.0.1'}`),
    headers: request.headers,
    body: Buffer.concat(chunks),
  };
}

export function writeReply(response: ServerResponse, reply: Reply): void {
  const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...(body === '' || typeof reply.body === 'string' ? {} : { 'Content-Type': 'application/json;charset=UTF-8' }),
    'Content-Length': String(Buffer.byteLength(body)),
    ...reply.headers,
  });
  response.end(body);
}

export function header(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
