// A redirect is never followed: a 307 to another origin would re-send the body (new passwords) and the
// credentials (X-Security-Token, X-Auth-Token, a signature) to wherever it points, plaintext http included.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { akSk } from '../src/auth/ak-sk.js';
import type { Auth } from '../src/auth/auth.js';
import { iamToken } from '../src/auth/iam-token.js';
import { createServiceClient } from '../src/client/create-service-client.js';
import type { OperationDescriptor, ServiceInfo } from '../src/client/service-descriptor.js';
import { OutcomeUnknownError, RedirectError } from '../src/errors/errors.js';
import type { FetchFunction } from '../src/pipeline/transport.js';
import { type RecordingServer, recordingServer } from './recording-server.js';

const SECURITY_TOKEN = 'SECURITY-TOKEN-must-stay-here';
const IAM_TOKEN = 'IAM-TOKEN-must-stay-here';
const PASSWORD = 'New-Passw0rd!must-stay-here';

const service: ServiceInfo = { name: 'demo', title: 'Demo', servers: [], security: ['akSk', 'iamToken'] };
const setPassword: OperationDescriptor = {
  method: 'put',
  path: '/v3/users/password',
  successStatus: 200,
  idempotent: true,
  parameters: [],
  body: { required: true, schema: { type: 'object' } },
};

const senders: ReadonlyArray<[string, FetchFunction | undefined]> = [
  ['node:http (no fetch given)', undefined],
  ['a given fetch', (input, init) => globalThis.fetch(input, init)],
];
const auths: ReadonlyArray<[string, () => Auth]> = [
  ['AK/SK with a security token', () => akSk({ ak: 'AK', sk: 'SK-secret', securityToken: SECURITY_TOKEN })],
  ['an IAM token', () => iamToken({ token: IAM_TOKEN })],
];

let elsewhere: RecordingServer;
let redirecting: RecordingServer;
let answers: Array<(location: string) => [number, Record<string, string>]> = [];
beforeAll(async () => {
  elsewhere = await recordingServer((_request, response) => response.writeHead(200).end('{}'));
  redirecting = await recordingServer((_request, response) => {
    const next = answers.shift() ?? (() => [500, {}]);
    const [status, headers] = next(`http://user:pw@127.0.0.1:${elsewhere.port}/landing?X-Auth-Token=leak#top`);
    response.writeHead(status, headers).end('moved');
  });
});
afterEach(() => {
  answers = [];
  elsewhere.requests.length = 0;
  redirecting.requests.length = 0;
});
afterAll(async () => {
  await elsewhere.close();
  await redirecting.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the call succeeded'),
    (error: unknown) => error as Error,
  );

describe('a redirect', () => {
  for (const [senderName, fetch] of senders) {
    for (const [authName, auth] of auths) {
      it(`is a RedirectError naming where it pointed, and nothing reaches it (${senderName}, ${authName})`, async () => {
        answers = [(location) => [307, { location }]];
        const client = createServiceClient(service, {
          endpoint: redirecting.url,
          auth: auth(),
          ...(fetch ? { fetch } : {}),
        });
        const error = await failure(client.call('SetPassword', setPassword, { body: { password: PASSWORD } }));
        expect(error).toBeInstanceOf(RedirectError);
        expect((error as RedirectError).location).toBe(`http://127.0.0.1:${elsewhere.port}/landing`);
        expect((error as RedirectError).$metadata.httpStatusCode).toBe(307);
        expect(error.message).toContain(`answered 307, a redirect to http://127.0.0.1:${elsewhere.port}/landing,`);
        for (const secret of [SECURITY_TOKEN, IAM_TOKEN, PASSWORD, 'leak', 'pw@'])
          expect(JSON.stringify({ message: error.message, error })).not.toContain(secret);
        // Sent once where it was addressed (the redirect is an answer, not retried), never where it pointed.
        expect(redirecting.requests).toHaveLength(1);
        expect(redirecting.requests[0]?.body).toContain(PASSWORD);
        expect(elsewhere.connections()).toBe(0);
      });
    }
  }

  it('names a relative location against the request, without its query', async () => {
    answers = [() => [308, { location: '/v4/users/password?signature=abc' }]];
    const client = createServiceClient(service, { endpoint: redirecting.url, auth: iamToken({ token: IAM_TOKEN }) });
    const error = (await failure(client.call('SetPassword', setPassword, { body: {} }))) as RedirectError;
    expect(error.location).toBe(`${redirecting.url}/v4/users/password`);
  });

  it('after an attempt that may have been carried out, makes the outcome unknown', async () => {
    answers = [() => [502, {}], (location) => [307, { location }]];
    const client = createServiceClient(service, {
      endpoint: redirecting.url,
      auth: iamToken({ token: IAM_TOKEN }),
      retry: { baseDelayMs: 1 },
    });
    const error = await failure(client.call('SetPassword', setPassword, { body: { password: PASSWORD } }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toMatch(/an earlier attempt may have been carried out, then RedirectError/);
    expect(redirecting.requests).toHaveLength(2);
    expect(elsewhere.connections()).toBe(0);
  });
});
