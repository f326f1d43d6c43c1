import type * as Dns from 'node:dns';
import type * as Http from 'node:http';
import type { OutgoingRequest } from '../../pipeline/transport.js';
import { nodeBuiltin } from '../../runtime/node-builtin.js';
import { isAddressLiteral, isLoopbackAddress, NOT_LOOPBACK_CODE } from '../loopback.js';
import { type LookupFunction, loopbackOnlyLookup } from '../loopback-lookup.js';
import type { PlatformSender } from './send.js';

interface Protocol {
  readonly agent: Http.Agent;
  readonly request: typeof Http.request;
}

export interface NodeSenderOptions {
  /** How names are resolved for plaintext (default: dns.lookup); tests map a name to an address. */
  readonly lookup?: LookupFunction;
}

/**
 * Sends with node:http(s): rejects as fetch does, with the signal's reason when it fires and with the
 * socket's error (its `code`: ECONNREFUSED, ECONNRESET, ...) otherwise, a body cut short included. Never
 * follows a redirect. Plaintext goes only to loopback, decided by the address connected to: a literal must be
 * one, and a name is resolved here and the socket connects only to its checked addresses (else the request
 * fails before a connection with code DBPASS_NOT_LOOPBACK, which the layer above makes a typed error).
 */
export function nodeSender(options: NodeSenderOptions = {}): PlatformSender {
  const protocols: Record<string, Protocol> = {};
  const lookup = loopbackOnlyLookup(
    options.lookup ??
      ((hostname, lookupOptions, callback) =>
        nodeBuiltin<typeof Dns>('node:dns').lookup(hostname, { ...lookupOptions, all: true }, callback)),
  );

  // One keep-alive pool per protocol and sender, as the global fetch has; idle sockets do not keep the
  // process alive. node:https (and tls with it) is loaded only when an https URL is first sent to. Every
  // plaintext socket in the pool was connected through the checked lookup.
  function protocol(name: string): Protocol {
    let known = protocols[name];
    if (!known) {
      const module = nodeBuiltin<typeof Http>(name === 'https:' ? 'node:https' : 'node:http');
      known = protocols[name] = { agent: new module.Agent({ keepAlive: true }), request: module.request };
    }
    return known;
  }

  return (remember) => (request: OutgoingRequest) =>
    new Promise<Response>((resolve, reject) => {
      const { signal, body, url } = request;
      const plaintext = url.protocol === 'http:';
      if (plaintext && isAddressLiteral(url) && !isLoopbackAddress(url.hostname)) {
        const why = `${url.hostname} is not a loopback address; plaintext is sent to loopback only, so nothing was sent`;
        reject(Object.assign(new Error(why), { code: NOT_LOOPBACK_CODE }));
        return;
      }
      const { agent, request: send } = protocol(url.protocol);
      const headers = Object.fromEntries(request.headers as unknown as Iterable<[string, string]>);
      if (body !== undefined) headers['content-length'] = String(body.byteLength);
      const outgoing = send(
        url,
        { method: request.method, headers, agent, ...(plaintext ? { lookup } : {}) },
        (answer) => {
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
        },
      );
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
}

export const platformSender: PlatformSender = nodeSender();
