// The chain's public steps: `call` once per call, `attempt` once per attempt inside the retry loop, `wire` once per
// request put on the wire after signing. Real HTTP on 127.0.0.1, node:http and a given fetch both.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  akSk,
  createServiceClient,
  DbpassError,
  type FetchFunction,
  type Middleware,
  type MiddlewareEntry,
  NetworkError,
  type OperationDescriptor,
  oceanbaseDigest,
  RedirectError,
  readResponseBody,
  type ServiceInfo,
} from '../src/index.js';
import { createRawClient } from '../src/raw.js';
import { type RecordingServer, recordingServer } from './recording-server.js';

const service: ServiceInfo = { name: 'demo', title: 'Demo', servers: [], security: ['akSk', 'digest'] };
const setPassword: OperationDescriptor = {
  method: 'put',
  path: '/v3/users/password',
  successStatus: 200,
  idempotent: true,
  parameters: [],
  body: { required: true, schema: { type: 'object' } },
};
const createJob: OperationDescriptor = { ...setPassword, method: 'post', idempotent: false };

type Answer = [status: number, headers: Record<string, string>, body: string];
let answers: Array<(request: RecordingServer['requests'][number]) => Answer> = [];
let server: RecordingServer;
beforeAll(async () => {
  server = await recordingServer((request, response) => {
    const [status, headers, body] = (answers.shift() ?? (() => [200, {}, '{"ok":true}']))(request);
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  });
});
afterEach(() => {
  answers = [];
  server.requests.length = 0;
});
afterAll(() => server.close());

const senders: ReadonlyArray<[string, FetchFunction | undefined]> = [
  ['node:http', undefined],
  ['a given fetch', (input, init) => globalThis.fetch(input, init)],
];
const auth = () => akSk({ ak: 'AK', sk: 'SK-secret' });
const body = { body: { password: 'Nw9-Passw0rd' } };

/** A middleware that writes what it sees on the way in and out. */
function recorder(log: string[], name: string): Middleware {
  return (next) => async (request) => {
    const signed = request.headers.has('authorization') ? 'signed' : 'unsigned';
    log.push(`${name} in #${request.context.attempts} ${signed}`);
    try {
      const response = await next(request);
      log.push(`${name} out ${response.status}`);
      return response;
    } catch (error) {
      log.push(`${name} threw ${(error as Error).name}`);
      throw error;
    }
  };
}

describe('the steps', () => {
  for (const [senderName, fetch] of senders) {
    it(`run in order: call outside retry, attempt per attempt and unsigned, wire signed (${senderName})`, async () => {
      answers = [() => [503, { 'retry-after': '0' }, '{}']];
      const log: string[] = [];
      const entry = (step: MiddlewareEntry['step'], name: string): MiddlewareEntry => ({
        step,
        name,
        middleware: recorder(log, name),
      });
      const client = createServiceClient(service, {
        endpoint: server.url,
        auth: auth(),
        retry: { baseDelayMs: 1 },
        ...(fetch ? { fetch } : {}),
        // Listed out of step order: the step decides the position, the order within a step is kept.
        middleware: [
          entry('wire', 'wire-1'),
          entry('call', 'call-1'),
          entry('attempt', 'attempt-1'),
          entry('wire', 'wire-2'),
          entry('call', 'call-2'),
          entry('attempt', 'attempt-2'),
        ],
      });
      await expect(client.call('SetPassword', setPassword, body)).resolves.toEqual({ ok: true });
      const attempt = (n: number, status: number) => [
        `attempt-1 in #${n} unsigned`,
        `attempt-2 in #${n} unsigned`,
        `wire-1 in #${n} signed`,
        `wire-2 in #${n} signed`,
        `wire-2 out ${status}`,
        `wire-1 out ${status}`,
        `attempt-2 out ${status}`,
        `attempt-1 out ${status}`,
      ];
      expect(log).toEqual([
        'call-1 in #0 unsigned',
        'call-2 in #0 unsigned',
        ...attempt(1, 503),
        ...attempt(2, 200),
        'call-2 out 200',
        'call-1 out 200',
      ]);
      expect(server.requests).toHaveLength(2);
    });

    it(`a wire middleware sees a Digest challenge's resend as a request of its own (${senderName})`, async () => {
      answers = [
        () => [401, { 'www-authenticate': 'Digest realm="demo", nonce="n0nce", qop="auth", algorithm=MD5' }, '{}'],
        (request) => [request.headers.authorization?.startsWith('Digest ') ? 200 : 401, {}, '{"ok":true}'],
      ];
      const log: string[] = [];
      const client = createServiceClient(service, {
        endpoint: server.url,
        auth: oceanbaseDigest({ accessKeyId: 'AKID', accessKeySecret: 'digest-secret' }),
        ...(fetch ? { fetch } : {}),
        middleware: [
          { step: 'attempt', name: 'attempts', middleware: recorder(log, 'attempt') },
          { step: 'wire', name: 'wire', middleware: recorder(log, 'wire') },
        ],
      });
      await expect(client.call('SetPassword', setPassword, body)).resolves.toEqual({ ok: true });
      expect(log).toEqual([
        'attempt in #1 unsigned',
        'wire in #1 unsigned',
        'wire out 401',
        'wire in #1 signed',
        'wire out 200',
        'attempt out 200',
      ]);
    });

    it(`a wire middleware sees a redirect's answer; the call then fails with a RedirectError (${senderName})`, async () => {
      answers = [() => [307, { location: 'http://127.0.0.1:1/elsewhere' }, '']];
      const log: string[] = [];
      const client = createServiceClient(service, {
        endpoint: server.url,
        auth: auth(),
        ...(fetch ? { fetch } : {}),
        middleware: [
          { step: 'call', name: 'call', middleware: recorder(log, 'call') },
          { step: 'wire', name: 'wire', middleware: recorder(log, 'wire') },
        ],
      });
      await expect(client.call('SetPassword', setPassword, body)).rejects.toBeInstanceOf(RedirectError);
      expect(log).toEqual(['call in #0 unsigned', 'wire in #1 signed', 'wire out 307', 'call threw RedirectError']);
    });
  }

  it('a call middleware sees a transport failure as a typed error', async () => {
    const closed = await recordingServer(() => undefined);
    await closed.close();
    const seen: unknown[] = [];
    const client = createServiceClient(service, {
      endpoint: closed.url,
      auth: auth(),
      retry: { maxAttempts: 1 },
      middleware: [
        {
          step: 'call',
          name: 'errors',
          middleware: (next) => async (request) => {
            try {
              return await next(request);
            } catch (error) {
              seen.push(error);
              throw error;
            }
          },
        },
      ],
    });
    await expect(client.call('SetPassword', setPassword, body)).rejects.toBeInstanceOf(NetworkError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(DbpassError);
    expect((seen[0] as NetworkError).code).toBe('ECONNREFUSED');
  });

  it('a middleware reads an answer with readResponseBody, and the call still gets the body', async () => {
    answers = [() => [200, { 'x-request-id': 'req-1' }, '{"job_id":"j-1"}']];
    const seen: unknown[] = [];
    const client = createServiceClient(service, {
      endpoint: server.url,
      auth: auth(),
      middleware: [
        {
          step: 'wire',
          name: 'bodies',
          middleware: (next) => async (request) => {
            const response = await next(request);
            seen.push((await readResponseBody(response)).json.value, response.headers.get('x-request-id'));
            return response;
          },
        },
      ],
    });
    await expect(client.call('SetPassword', setPassword, body)).resolves.toEqual({ job_id: 'j-1' });
    expect(seen).toEqual([{ job_id: 'j-1' }, 'req-1']);
  });

  it('the raw (openapi-fetch) client runs the same steps', async () => {
    const log: string[] = [];
    const raw = createRawClient<{
      '/v3/users/password': {
        put: {
          requestBody: { content: { 'application/json': object } };
          responses: { 200: { content: { 'application/json': object } } };
        };
      };
    }>(
      { ...service, operations: { SetPassword: setPassword } },
      {
        endpoint: server.url,
        auth: auth(),
        middleware: [
          { step: 'attempt', name: 'attempt', middleware: recorder(log, 'attempt') },
          { step: 'wire', name: 'wire', middleware: recorder(log, 'wire') },
        ],
      },
    );
    const { response } = await raw.PUT('/v3/users/password', { body: { password: 'x' } });
    expect(response.status).toBe(200);
    expect(log).toEqual(['attempt in #1 unsigned', 'wire in #1 signed', 'wire out 200', 'attempt out 200']);
  });
});

describe('a wire middleware that waits', () => {
  it("sent nothing when the attempt's timeout ends its wait: the attempt is retried, even for a job", async () => {
    let waits = 0;
    // Like a rate limiter: the first request waits for a slot until its attempt times out.
    const throttle: Middleware = (next) => async (request) => {
      if (waits++ === 0)
        await new Promise((_, reject) =>
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true }),
        );
      return next(request);
    };
    const client = createServiceClient(service, {
      endpoint: server.url,
      auth: auth(),
      attemptTimeoutMs: 100,
      retry: { baseDelayMs: 1 },
      middleware: [{ step: 'wire', name: 'throttle', middleware: throttle }],
    });
    await expect(client.call('CreateJob', createJob, body)).resolves.toEqual({ ok: true });
    expect(waits).toBe(2);
    expect(server.requests).toHaveLength(1);
  });
});

describe('the middleware option', () => {
  const make = (middleware: unknown) => () =>
    createServiceClient(service, {
      endpoint: server.url,
      auth: auth(),
      middleware: middleware as MiddlewareEntry[],
    });
  const pass: Middleware = (next) => next;

  it('refuses a name given twice, a step that is not one, an entry without a name or a function', () => {
    const before = server.connections();
    expect(
      make([
        { step: 'wire', name: 'same', middleware: pass },
        { step: 'call', name: 'same', middleware: pass },
      ]),
    ).toThrow('demo client: middleware[1]: the name "same" is given twice; each middleware needs its own');
    expect(make([{ step: 'finalize', name: 'x', middleware: pass }])).toThrow(
      'demo client: middleware[0] ("x"): `step` must be call, attempt, wire',
    );
    expect(make([{ step: 'call', middleware: pass }])).toThrow('middleware[0] needs a `name`');
    expect(make([{ step: 'call', name: 'x', middleware: 'nope' }])).toThrow('`middleware` must be a function');
    expect(server.connections()).toBe(before);
  });
});
