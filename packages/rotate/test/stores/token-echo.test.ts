// A store server that echoes the token it was sent (in a Vault `errors` entry, a Kubernetes Status `message` or
// `reason`, a body that is not JSON) must not put the token in the error dbpass raises. Servers on 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingServer, recordingServer } from '../../../core/test/recording-server.js';
import { StoreAuthError, StoreUnavailableError } from '../../src/index.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { vaultRequest } from '../../src/stores/vault/vault-http.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { writeKubeconfig } from '../servers/kubeconfig-file.js';

const TOKEN = 'hvs.echoed-token-4711';

/** What the servers answer, set by each case; the token they were sent comes back inside it. */
let answer: (token: string, response: ServerResponse) => void = () => undefined;
let server: RecordingServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-token-echo-'));
  server = await recordingServer((request, response) => {
    const sent = request.headers['x-vault-token'] ?? request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    answer(String(sent), response);
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const json = (status: number, body: unknown) => (response: ServerResponse) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the store opened'),
    (error: unknown) => error as Error,
  );

function expectScrubbed(error: Error, shows: RegExp) {
  expect(error.message).toMatch(shows);
  expect(error.message).not.toContain(TOKEN);
  expect(error.stack).not.toContain(TOKEN);
  expect(error.message).toContain('[REDACTED]');
}

describe('Vault', () => {
  const open = () => failure(openVaultStore({ address: server.url, token: TOKEN, path: 'dbpass' }));

  it('a 500 whose errors echo the token', async () => {
    answer = (token, response) => json(500, { errors: [`token ${token} is broken`] })(response);
    const error = await open();
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expectScrubbed(error, /GET auth\/token\/lookup-self answered 500 \(token \[REDACTED\] is broken\)/);
  });

  it('a body that is not JSON and starts with the token', async () => {
    answer = (token, response) => response.writeHead(502).end(`${token} <html>bad gateway</html>`);
    const error = await open();
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expectScrubbed(error, /not JSON/);
  });

  it('a 400 answer keeps its errors, with the token scrubbed, for the caller to report', async () => {
    answer = (token, response) => json(400, { errors: [`no handler for ${token}`] })(response);
    const result = await vaultRequest({ address: server.url, token: TOKEN, description: 'vault' }, 'GET', 'x/data/y');
    expect(result.body?.errors).toEqual(['no handler for [REDACTED]']);
  });
});

describe('Kubernetes', () => {
  const open = async () => {
    const kubeconfig = await writeKubeconfig(dir, { server: server.url, token: TOKEN });
    return failure(openKubernetesStore({ namespace: 'apps', kubeconfig }));
  };

  it('a 500 Status whose message echoes the token', async () => {
    answer = (token, response) => json(500, { kind: 'Status', message: `token ${token} is broken` })(response);
    const error = await open();
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expectScrubbed(error, /answered 500 \(token \[REDACTED\] is broken\)/);
  });

  it('a 401 Status whose reason echoes the token', async () => {
    answer = (token, response) => json(401, { kind: 'Status', reason: `Unauthorized: ${token}` })(response);
    const error = await open();
    expect(error).toBeInstanceOf(StoreAuthError);
    expectScrubbed(error, /was refused \(401 Unauthorized: \[REDACTED\]\)/);
  });

  it('a body that is not JSON and starts with the token', async () => {
    answer = (token, response) => response.writeHead(502).end(`${token} <html>bad gateway</html>`);
    const error = await open();
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expectScrubbed(error, /not JSON/);
  });
});
