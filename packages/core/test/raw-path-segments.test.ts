// openapi-fetch fills the path template itself, and the URL parser of its Request removes a `..` or `.` segment
// before any fetch sees it: the raw client and the auth middleware check path parameters against the template
// first, and send nothing for one that would leave its segment.
import createClient from 'openapi-fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { akSk } from '../src/auth/ak-sk.js';
import type { ServiceDescriptor } from '../src/client/service-descriptor.js';
import { ValidationError } from '../src/errors/errors.js';
import { createAuthMiddleware } from '../src/raw/auth-middleware.js';
import { createRawClient } from '../src/raw/raw-client.js';
import { type RecordingServer, recordingServer } from './recording-server.js';

interface Paths {
  '/v3/{project_id}/instances/{instance_id}/password': {
    put: {
      parameters: { path: { project_id: string; instance_id: string } };
      requestBody: { content: { 'application/json': { password: string } } };
      responses: { 200: { content: { 'application/json': Record<string, never> } } };
    };
  };
}

const TEMPLATE = '/v3/{project_id}/instances/{instance_id}/password';
const service: ServiceDescriptor = {
  name: 'demo',
  title: 'Demo',
  servers: [],
  security: ['akSk'],
  operations: {
    ResetPassword: {
      method: 'put',
      path: TEMPLATE,
      successStatus: 200,
      idempotent: true,
      parameters: [
        { name: 'project_id', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'instance_id', in: 'path', required: true, schema: { type: 'string' } },
      ],
      body: { required: true, schema: { type: 'object' } },
    },
  },
};

let server: RecordingServer;
beforeAll(async () => {
  server = await recordingServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  );
});
afterEach(() => {
  server.requests.length = 0;
});
afterAll(() => server.close());

const auth = () => akSk({ ak: 'AK', sk: 'SK-secret' });
const clients: ReadonlyArray<[string, () => ReturnType<typeof createClient<Paths>>]> = [
  ['the raw client', () => createRawClient<Paths>(service, { endpoint: server.url, auth: auth() })],
  [
    'your own openapi-fetch client with the auth middleware',
    () => {
      const client = createClient<Paths>({ baseUrl: server.url });
      client.use(createAuthMiddleware(service, { auth: auth() }));
      return client;
    },
  ],
];

describe.each(clients)('%s', (_name, make) => {
  it.each(['..', '.'])('refuses the path parameter %j before sending, as a typed call does', async (id) => {
    const failure = await make()
      .PUT(TEMPLATE, { params: { path: { project_id: 'p1', instance_id: id } }, body: { password: 'x' } })
      .then(
        () => expect.fail('the request was made'),
        (error: unknown) => error as ValidationError,
      );
    expect(failure).toBeInstanceOf(ValidationError);
    expect(failure.operation).toBe('ResetPassword');
    expect(failure.issues).toEqual([expect.objectContaining({ field: 'path.instance_id', rule: 'path-segment' })]);
    expect(server.requests).toEqual([]);
  });

  it('sends a parameter that stays in its segment, encoded', async () => {
    const { response } = await make().PUT(TEMPLATE, {
      params: { path: { project_id: 'p1', instance_id: 'a/..b' } },
      body: { password: 'x' },
    });
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.url)).toEqual(['/v3/p1/instances/a%2F..b/password']);
  });
});
