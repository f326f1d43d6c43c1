// A store name holding a `.` or `..` segment would be removed by the URL parser and the request would reach
// another path (`secret/metadata/a/../sys` is `secret/metadata/sys`): refused with UnsafePathError, nothing sent.
// The servers listen on 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingServer, recordingServer } from '../../../core/test/recording-server.js';
import { UnsafePathError } from '../../src/index.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { writeKubeconfig } from '../servers/kubeconfig-file.js';

const json = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

let server: RecordingServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-unsafe-paths-'));
  // Just enough of Vault to open a store on the `secret` KV v2 mount; anything else is an empty 404.
  server = await recordingServer((request, response) => {
    if (request.url === '/v1/auth/token/lookup-self') return json(response, 200, { data: {} });
    if (request.url === '/v1/sys/internal/ui/mounts/secret')
      return json(response, 200, { data: { type: 'kv', options: { version: '2' } } });
    return json(response, 404, { errors: [] });
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the call went through'),
    (error: unknown) => error as Error,
  );

describe('Vault', () => {
  it('a mount of ".." is refused when the store is opened', async () => {
    server.requests.length = 0;
    const error = await refusal(openVaultStore({ address: server.url, token: 't', mount: '..', path: 'dbpass' }));
    expect(error).toBeInstanceOf(UnsafePathError);
    expect(server.requests).toEqual([]);
  });

  it('a folder climbing out of its place is refused before the LIST is sent', async () => {
    const store = await openVaultStore({ address: server.url, token: 't', path: 'dbpass/../../sys' });
    server.requests.length = 0;
    const error = await refusal(store.list());
    expect(error).toBeInstanceOf(UnsafePathError);
    expect(error.message).toContain('the Vault path "dbpass/../../sys/"');
    expect(server.requests).toEqual([]);
  });
});

describe('Kubernetes', () => {
  it('a namespace of ".." is refused before the first request', async () => {
    const kubeconfig = await writeKubeconfig(dir, { server: server.url });
    server.requests.length = 0;
    const error = await refusal(openKubernetesStore({ namespace: '..', kubeconfig }));
    expect(error).toBeInstanceOf(UnsafePathError);
    expect(server.requests).toEqual([]);
  });
});
