import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/index.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { writeKubeconfig } from '../servers/kubeconfig-file.js';

/**
 * A server on loopback whose connection drops in the middle of a JSON answer: the headers promise more than is
 * sent (unexpected-replies.test.ts covers a short body that arrives whole).
 */
let server: Server;
let base: string;
let dir: string;
beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
    response.write('{"kind":"Secret","apiVersion":"v1","metadata":{"name":"dbpass-lock","annot', () =>
      response.socket?.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-cut-off-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('an answer cut off mid-body', () => {
  it('Kubernetes: a typed error naming the store and the call, not a crash or a hang', async () => {
    const kubeconfig = await writeKubeconfig(dir, { server: base });
    const error = await openKubernetesStore({ namespace: 'apps', kubeconfig }).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error?.message).toMatch(/kubernetes store .*GET \/api\/v1\/namespaces\/apps\/secrets\/dbpass-lock.*cut off/);
    expect(error?.message).not.toContain('not-a-real-token');
  });

  it('Vault: a typed error naming the store and the call, not a raw TypeError', async () => {
    const error = await openVaultStore({ address: base, token: 'hvs.not-a-real-token', path: 'dbpass' }).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error?.message).toMatch(/vault store .*GET auth\/token\/lookup-self: the answer was cut off/);
    expect(error?.message).not.toContain('not-a-real-token');
  });
});
