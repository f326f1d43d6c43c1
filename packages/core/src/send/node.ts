import type * as Http from 'node:http';
import { nodeBuiltin } from '../node-builtin.js';
import type { OutgoingRequest } from '../transport.js';
import type { PlatformSender } from './send.js';

interface Protocol {
  readonly agent: Http.Agent;
  readonly request: typeof Http.request;
}
const protocols: Record<string, Protocol> = {};

// One keep-alive pool per protocol and process, as the global fetch has; idle sockets do not keep the
// process alive. node:https (and tls with it) is loaded only when an https URL is first sent to.
function protocol(name: string): Protocol {
  let known = protocols[name];
  if (!known) {
    const module = nodeBuiltin<typeof Http>(name === 'https:' ? 'node:https' : 'node:http');
    known = protocols[name] = { agent: new module.Agent({ keepAlive: true }), request: module.request };
  }
  return known;
}

/**
 * Sends with node:http(s): rejects as fetch does, with the signal's reason when it fires and with the
 * socket's error (its `code`: ECONNREFUSED, ECONNRESET, ...) otherwise, a body cut short included.
 */
export const platformSender: PlatformSender = (remember) => (request: OutgoingRequest) =>
  new Promise<Response>((resolve, reject) => {
    const { signal, body } = request;
    const { agent, request: send } = protocol(request.url.protocol);
    const headers = Object.fromEntries(request.headers as unknown as Iterable<[string, string]>);
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const outgoing = send(request.url, { method: request.method, headers, agent }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        // The body goes with it already read (`remember`), so the Response needs no stream of its own.
        const { statusCode: status, statusMessage: statusText } = answer;
        const response = new Response(null, { status, statusText, headers: answer.headers as HeadersInit });
        resolve(remember(response, Buffer.concat(chunks)));
      });
      answer.on('error', fail);
    });
    function fail(error: unknown) {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    }
    function onAbort() {
      outgoing.destroy();
      fail(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', fail);
    outgoing.end(body);
  });
