// A store's token and passwords never follow a redirect, and never go in plaintext (or over TLS whose certificate
// is not checked) to anything but loopback, decided by the address connected to. Every server here is on
// 127.0.0.1; a non-loopback address is only ever refused, before anything is sent.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LookupFunction } from '@dbpass/core/guards';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RecordingServer, recordingServer } from '../../../core/test/recording-server.js';
import { StoreUnavailableError } from '../../src/index.js';
import { AwsSecretsManagerStore } from '../../src/stores/aws.js';
import { loadKubeAccess } from '../../src/stores/kubernetes/kube-config.js';
import { kubeRequest } from '../../src/stores/kubernetes/kube-http.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { writeKubeconfig } from '../servers/kubeconfig-file.js';

const TOKEN = 'hvs.token-that-must-stay-here';
const NOT_LOOPBACK = '192.0.2.7';

let elsewhere: RecordingServer;
let redirecting: RecordingServer;
let plain: RecordingServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-store-transport-'));
  elsewhere = await recordingServer((_request, response) => response.writeHead(200).end('{}'));
  // Points at `elsewhere` with userinfo, a query and a fragment, none of which may show in a message.
  redirecting = await recordingServer((_request, response) =>
    response.writeHead(307, { location: `http://user:pw@127.0.0.1:${elsewhere.port}/landing?token=leak#top` }).end(),
  );
  plain = await recordingServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"kind":"Namespace"}'),
  );
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const server of [elsewhere, redirecting, plain]) server.requests.length = 0;
});
afterAll(async () => {
  for (const server of [elsewhere, redirecting, plain]) await server.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the store opened'),
    (error: unknown) => error as Error,
  );

const landing = () => `a redirect to http://127.0.0.1:${elsewhere.port}/landing, which is not followed`;

function expectNoSecret(error: Error) {
  for (const secret of [TOKEN, 'leak', 'pw@']) expect(error.message).not.toContain(secret);
}

async function kubeconfig(name: string, cluster: string): Promise<string> {
  const file = await writeKubeconfig(dir, { name, cluster, token: TOKEN });
  return file;
}

describe('Vault', () => {
  it('a redirect is a typed error naming where it pointed; the token goes nowhere else', async () => {
    const error = await failure(openVaultStore({ address: redirecting.url, token: TOKEN, path: 'dbpass' }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain(`answered 307, ${landing()}`);
    expectNoSecret(error);
    expect(elsewhere.connections()).toBe(0);
  });

  it('http to an address that is not loopback is refused before anything is sent', async () => {
    // Records, and sends nothing even if the check were missing.
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('the recorder sends nothing'));
    const error = await failure(
      openVaultStore({ address: `http://${NOT_LOOPBACK}:8200`, token: TOKEN, path: 'dbpass' }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(
      /nothing was sent: http is allowed on loopback only, and 192\.0\.2\.7 is not a loopback/,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('http to localhost is refused (fetch cannot check the address a name connects to): use 127.0.0.1', async () => {
    const before = plain.connections();
    const error = await failure(
      openVaultStore({ address: `http://localhost:${plain.port}`, token: TOKEN, path: 'dbpass' }),
    );
    expect(error.message).toMatch(/the address localhost resolves to cannot be checked .* use 127\.0\.0\.1/);
    expect(plain.connections()).toBe(before);
  });
});

describe('Kubernetes', () => {
  it('a redirect is a typed error naming where it pointed; the token goes nowhere else', async () => {
    const file = await kubeconfig('redirect', `{ server: "${redirecting.url}" }`);
    const error = await failure(openKubernetesStore({ namespace: 'apps', kubeconfig: file }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain(`answered 307, ${landing()}`);
    expectNoSecret(error);
    expect(elsewhere.connections()).toBe(0);
  });

  it('an http server that is not loopback is refused when the kubeconfig is read, before any request', async () => {
    const file = await kubeconfig('http', `{ server: "http://${NOT_LOOPBACK}:8080" }`);
    const error = await failure(loadKubeAccess({ kubeconfig: file, env: {} }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/plaintext http is allowed on loopback only, and 192\.0\.2\.7 is not a loopback/);
  });

  it('insecure-skip-tls-verify is refused except on loopback', async () => {
    const remote = await kubeconfig(
      'insecure',
      '{ server: "https://kube.example.com:6443", insecure-skip-tls-verify: true }',
    );
    const error = await failure(loadKubeAccess({ kubeconfig: remote, env: {} }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/insecure-skip-tls-verify\) is allowed on loopback only, and kube\.example\.com/);
    const local = await kubeconfig(
      'insecure-local',
      '{ server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true }',
    );
    expect((await loadKubeAccess({ kubeconfig: local, env: {} })).insecure).toBe(true);
  });

  it('http to localhost goes to the checked address only: refused before connecting when it resolves elsewhere', async () => {
    const resolving =
      (addresses: string[]): LookupFunction =>
      (_hostname, _options, callback) =>
        callback(
          null,
          addresses.map((address) => ({ address, family: 4 })),
        );
    const access = (lookup: LookupFunction) => ({
      server: `http://localhost:${plain.port}`,
      source: 'test',
      token: TOKEN,
      lookup,
    });
    const before = plain.connections();
    // The loopback address first: a client that skipped the check would connect here (and be seen), not elsewhere.
    const error = await failure(
      kubeRequest(access(resolving(['127.0.0.1', NOT_LOOPBACK])), 'kubernetes store', 'GET', '/api/v1/namespaces/apps'),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/localhost resolves to 192\.0\.2\.7, not a loopback address/);
    expect(plain.connections()).toBe(before);
    const answer = await kubeRequest(
      access(resolving(['127.0.0.1'])),
      'kubernetes store',
      'GET',
      '/api/v1/namespaces/apps',
    );
    expect(answer.status).toBe(200);
    expect(plain.requests.at(-1)?.headers.host).toBe(`localhost:${plain.port}`);
  });
});

describe('AWS Secrets Manager', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: TOKEN, AWS_REGION: 'us-east-1' };

  /** A request handler that records what the SDK would send and sends nothing. */
  function recorder() {
    const seen: string[] = [];
    const handler = {
      metadata: { handlerProtocol: 'http/1.1' },
      handle: async (request: { hostname: string }) => {
        seen.push(request.hostname);
        throw new Error('the recorder sends nothing');
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    };
    return { seen, handler };
  }

  it('the SDK does not follow a redirect: a typed error, and nothing reaches where it pointed', async () => {
    const error = await failure(AwsSecretsManagerStore.open({ endpoint: redirecting.url, env }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/check access answered 307/);
    expectNoSecret(error);
    expect(redirecting.requests.length).toBeGreaterThan(0);
    expect(elsewhere.connections()).toBe(0);
  });

  it('an http endpoint that is not loopback is refused before the client is made', async () => {
    const { seen, handler } = recorder();
    const error = await failure(
      AwsSecretsManagerStore.open({
        endpoint: `http://${NOT_LOOPBACK}:4566`,
        env,
        client: { requestHandler: handler },
      }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(
      /nothing was sent: http is allowed on loopback only, and 192\.0\.2\.7 is not a loopback/,
    );
    expect(seen).toEqual([]);
  });

  it('http to localhost is sent, to the address checked to be loopback', async () => {
    await AwsSecretsManagerStore.open({ endpoint: `http://localhost:${plain.port}`, env });
    expect(plain.requests.at(-1)?.headers.host).toBe(`localhost:${plain.port}`);
  });

  it('an http endpoint from elsewhere than the plan (client settings, environment, profile) is refused before sending', async () => {
    const { seen, handler } = recorder();
    const error = await failure(
      AwsSecretsManagerStore.open({
        env,
        client: { endpoint: `http://${NOT_LOOPBACK}:4566`, requestHandler: handler, maxAttempts: 1 },
      }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/192\.0\.2\.7 is not a loopback address/);
    expect(seen).toEqual([]);
  });
});
