// Plaintext goes to loopback only, decided by the address connected to: `localhost` is sent to only once the
// sender has resolved it and every address is loopback, and the socket connects to the address it checked.
// Names are mapped by an injected lookup; no test connects anywhere but 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamToken } from '../src/auth/iam-token.js';
import { createServiceClient } from '../src/client/create-service-client.js';
import type { ServiceInfo } from '../src/client/service-descriptor.js';
import { InsecureEndpointError } from '../src/errors/errors.js';
import type { OutgoingRequest, Send } from '../src/pipeline/transport.js';
import { remember } from '../src/response/response-body.js';
import type { LookupFunction } from '../src/wire/loopback-lookup.js';
import { nodeSender } from '../src/wire/send/node.js';
import { guardWire } from '../src/wire/wire-guard.js';
import { fetchSender } from '../src/wire/wire-sender.js';
import { type RecordingServer, recordingServer } from './recording-server.js';

let server: RecordingServer;
beforeAll(async () => {
  server = await recordingServer((_request, response) => response.writeHead(200).end('{}'));
});
afterAll(() => server.close());

const request = (url: string): OutgoingRequest => ({
  method: 'PUT',
  url: new URL(url),
  headers: new Headers({ 'X-Auth-Token': 'token-for-loopback-only' }),
  body: new TextEncoder().encode('{"password":"for-loopback-only"}'),
  signal: undefined,
  context: {
    operation: 'SetPassword',
    idempotent: true,
    deadline: Number.POSITIVE_INFINITY,
    signal: undefined,
    target: () => ({}),
    attempts: 1,
    totalRetryDelay: 0,
  },
});

/** The default sender on Node with names resolved by `answers` (each name's addresses, in order). */
function senderResolving(answers: Record<string, string[]>): { send: Send; asked: string[] } {
  const asked: string[] = [];
  const lookup: LookupFunction = (hostname, _options, callback) => {
    asked.push(hostname);
    callback(
      null,
      (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  return { send: guardWire(nodeSender({ lookup })(remember), { checksAddress: true }), asked };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the request was sent'),
    (error: unknown) => error as Error,
  );

describe('plaintext to localhost with the node:http sender', () => {
  it('is sent, to the checked address, when localhost resolves to loopback only', async () => {
    const { send, asked } = senderResolving({ localhost: ['127.0.0.1'] });
    const response = await send(request(`http://localhost:${server.port}/v3/users/password`));
    expect(response.status).toBe(200);
    expect(asked).toEqual(['localhost']);
    expect(server.requests.at(-1)?.headers.host).toBe(`localhost:${server.port}`);
  });

  it('is refused before any connection when localhost also resolves to another address', async () => {
    // The loopback address first: a sender that skipped the check would connect here (and be seen), not elsewhere.
    const { send, asked } = senderResolving({ localhost: ['127.0.0.1', '192.0.2.7'] });
    const before = server.connections();
    const error = await failure(send(request(`http://localhost:${server.port}/v3/users/password`)));
    expect(error).toBeInstanceOf(InsecureEndpointError);
    expect(error.message).toMatch(/^SetPassword: not sent: localhost resolves to 192\.0\.2\.7, not a loopback address/);
    expect(asked).toEqual(['localhost']);
    expect(server.connections()).toBe(before);
  });

  it('refuses an address literal that is not loopback without resolving or connecting', async () => {
    const { send, asked } = senderResolving({});
    const error = await failure(send(request('http://192.0.2.7:8080/v3/users/password')));
    expect(error).toBeInstanceOf(InsecureEndpointError);
    expect(error.message).toMatch(/192\.0\.2\.7 is not a loopback address/);
    expect(asked).toEqual([]);
  });
});

describe('plaintext with a given fetch', () => {
  it('goes to a loopback address literal only: a name is refused before the fetch is called', async () => {
    const calls: string[] = [];
    const send = fetchSender(async (input, init) => {
      calls.push(String(input));
      return globalThis.fetch(input, init);
    });
    const error = await failure(send(request(`http://localhost:${server.port}/v3/users/password`)));
    expect(error).toBeInstanceOf(InsecureEndpointError);
    expect(error.message).toMatch(/cannot be checked with the fetch in use; use 127\.0\.0\.1/);
    expect(calls).toEqual([]);
    expect((await send(request(`${server.url}/v3/users/password`))).status).toBe(200);
  });

  it('a client for http://localhost with a given fetch is refused when it is made', () => {
    const service: ServiceInfo = { name: 'demo', title: 'Demo', servers: [], security: ['iamToken'] };
    const options = { endpoint: `http://localhost:${server.port}`, auth: iamToken({ token: 't' }) };
    expect(() => createServiceClient(service, { ...options, fetch: globalThis.fetch })).toThrow(
      /demo client: http:\/\/localhost:\d+: the address localhost resolves to cannot be checked/,
    );
    expect(() => createServiceClient(service, options)).not.toThrow();
  });
});
