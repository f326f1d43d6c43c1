// Rotation's rate limiter, request ids and `http:response` checkpoint are `wire` middleware of the generated clients,
// on core's own node:http sender: every request put on the wire waits for the limiter (a Digest challenge's resend
// included), a 429 backs the cloud off, request ids are kept in order. A server on 127.0.0.1 answers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingServer, recordingServer } from '../../core/test/recording-server.js';
import type { CheckpointName } from '../src/checkpoint.js';
import type { RateLimiter, RequestPriority } from '../src/fleet/rate-limiter.js';
import { groupClients, type ResolvedConnection, resolveConnection } from '../src/protocol/connection-clients.js';

type Answer = [status: number, headers: Record<string, string>];
let answers: Array<(headers: RecordingServer['requests'][number]['headers']) => Answer> = [];
let server: RecordingServer;
beforeAll(async () => {
  server = await recordingServer((request, response) => {
    const [status, headers] = (answers.shift() ?? (() => [200, {}]))(request.headers);
    const body = status === 200 ? '{"success":true,"job_id":"job-1"}' : '{"error_code":"APIG.0308","error_msg":"slow"}';
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  });
});
afterEach(() => {
  answers = [];
  server.requests.length = 0;
});
afterAll(() => server.close());

const env = { AK: 'AKEXAMPLE', SK: 'sk-secret', OBAK: 'obak', OBSK: 'obsk-secret' };
const PROJECT = 'p'.repeat(32);

/** The connection with a limiter that records what it is asked, and lets every request through at once. */
function recorded(connection: ResolvedConnection, priority?: RequestPriority) {
  const limiter: string[] = [];
  const checkpoints: CheckpointName[] = [];
  const spy = {
    acquire: async (signal?: AbortSignal, priority?: RequestPriority) => {
      limiter.push(
        `acquire ${signal instanceof AbortSignal && !signal.aborted ? 'with a live signal' : 'without'} ${priority}`,
      );
    },
    backOff: (delayMs: number) => limiter.push(`backOff ${delayMs}`),
  } as unknown as RateLimiter;
  const clients = groupClients({ ...connection, limiter: spy }, (name) => checkpoints.push(name), priority);
  return { clients, limiter, checkpoints };
}

const huawei = (endpoint: string) =>
  resolveConnection(
    'hw',
    { cloud: 'huawei', endpoint, projectId: PROJECT, credentials: { accessKeyEnv: 'AK', secretKeyEnv: 'SK' } },
    env,
  );
const reset = { instance_id: `${'i'.repeat(32)}in07`, body: { password: 'Nw9-Passw0rd-x' } };

describe("a group's clients", () => {
  it('wait for the limiter before each request, back off on a 429, and keep request ids and checkpoints in order', async () => {
    answers = [() => [429, { 'x-request-id': 'r-1', 'retry-after': '0' }], () => [429, { 'x-request-id': 'r-2' }]];
    const { clients, limiter, checkpoints } = recorded(huawei(server.url));
    await clients.taurus!.resetGaussMySqlPassword(reset);
    expect(server.requests).toHaveLength(3);
    expect(limiter).toEqual([
      'acquire with a live signal normal',
      'backOff 0',
      'acquire with a live signal normal',
      'backOff 1000',
      'acquire with a live signal normal',
    ]);
    expect(clients.requestIds).toEqual(['r-1', 'r-2']);
    expect(checkpoints).toEqual(['http:response', 'http:response', 'http:response']);
  });

  it('let a read (a job poll) through before the sets waiting for the same cloud', async () => {
    const { clients, limiter } = recorded(huawei(server.url));
    await clients.taurus!.showGaussMySqlJobInfo({ id: '6b7dd5d4-4590-4f14-b164-a8737ce071d5' }).catch(() => undefined);
    await clients.taurus!.resetGaussMySqlPassword(reset);
    expect(limiter).toEqual(['acquire with a live signal first', 'acquire with a live signal normal']);
  });

  it("of a group that goes first (a job's creation) let its writes through before other groups' too", async () => {
    const { clients, limiter } = recorded(huawei(server.url), 'first');
    await clients.taurus!.resetGaussMySqlPassword(reset);
    expect(limiter).toEqual(['acquire with a live signal first']);
  });

  it("send with core's node:http sender: http to localhost is resolved, checked and sent to", async () => {
    const { clients, checkpoints } = recorded(huawei(`http://localhost:${server.port}`));
    await clients.taurus!.resetGaussMySqlPassword(reset);
    expect(server.requests).toHaveLength(1);
    expect(checkpoints).toEqual(['http:response']);
  });

  it("count a Digest challenge's resend as a request of its own", async () => {
    answers = [
      () => [401, { 'www-authenticate': 'Digest realm="ob", nonce="n0nce", qop="auth", algorithm=MD5' }],
      (headers) => [headers.authorization?.startsWith('Digest ') ? 200 : 401, { 'x-request-id': 'ob-2' }],
    ];
    const oceanbase = resolveConnection(
      'ob',
      {
        cloud: 'oceanbase',
        endpoint: server.url,
        projectId: PROJECT,
        credentials: { accessKeyIdEnv: 'OBAK', accessKeySecretEnv: 'OBSK' },
      },
      env,
    );
    const { clients, limiter, checkpoints } = recorded(oceanbase);
    await clients.oceanbase!.modifyTenantUserPassword({
      instanceId: 'ob-cluster-1',
      tenantId: 't-1',
      userName: 'app_user',
      body: { userPassword: 'Nw9-Passw0rd!' },
    });
    expect(server.requests.map((request) => request.headers.authorization?.split(' ')[0])).toEqual([
      undefined,
      'Digest',
    ]);
    expect(limiter).toEqual(['acquire with a live signal normal', 'acquire with a live signal normal']);
    expect(checkpoints).toEqual(['http:response', 'http:response']);
    expect(clients.requestIds).toEqual(['ob-2']);
  });
});
