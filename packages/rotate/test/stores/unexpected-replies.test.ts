import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/index.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { writeKubeconfig } from '../servers/kubeconfig-file.js';

/** A server on loopback that is not the store: a proxy's HTML page, a redirect elsewhere, or a body cut short. */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.includes('redirect')) {
      response.writeHead(307, { location: 'http://elsewhere.invalid/v1/secret' }).end();
    } else if (request.url?.includes('cut')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"kind":"Secret","data":{"pass');
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in to continue</body></html>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

describe('an unexpected reply from a store server', () => {
  it('Vault: a page that is not JSON, or a redirect (never followed, the token stays here), is a typed error', async () => {
    const html = await failure(openVaultStore({ address: base, token: 'hvs.secret-token', path: 'dbpass' }));
    expect(html).toBeInstanceOf(StoreUnavailableError);
    expect(html?.message).toMatch(/vault store http:\/\/127\.0\.0\.1:\d+ .* answered 200 with a body that is not JSON/);
    const redirected = await failure(
      openVaultStore({ address: `${base}/redirect`, token: 'hvs.secret-token', path: 'dbpass' }),
    );
    expect(redirected).toBeInstanceOf(StoreUnavailableError);
    expect(redirected?.message).toMatch(
      /answered 307, a redirect to http:\/\/elsewhere\.invalid\/v1\/secret, which is not followed/,
    );
    for (const error of [html, redirected]) expect(error?.message).not.toContain('secret-token');
  });

  it('Kubernetes: a page that is not JSON, or JSON cut off, is a typed error, not a crash', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-replies-'));
    for (const server of [base, `${base}/cut/`]) {
      const kubeconfig = await writeKubeconfig(dir, { server, name: `config-${server.length}` });
      const error = await failure(openKubernetesStore({ namespace: 'apps', kubeconfig }));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error?.message).toMatch(/answered 200 with a body that is not JSON/);
    }
  });
});
