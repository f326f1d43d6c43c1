// The default sender on Node (node:http and node:https with keep-alive, no `fetch` given): TLS verified
// against the trust store, one connection reused, idle connections not keeping a process alive, and a
// refused connection retried as never sent.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTaurusDbClient, iamToken, NetworkError } from '@dbpass/client-taurusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_RETRIES, h, thrown } from './setup.js';
import { freePort, requireProgram } from './system-tools.js';

const testDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-sender-'));
const file = (name: string) => path.join(dir, name);
const PATH = `/v3/${h.projectId}/instances/${h.instances.starrocks.id}/starrocks/users/password`;

let server: Server;
let baseUrl: string;
let connections = 0;
const seen: string[] = [];

beforeAll(async () => {
  requireProgram('openssl', 'openssl');
  // A self-signed certificate for 127.0.0.1: trusted only where a process is told to trust it.
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      file('key.pem'),
      '-out',
      file('cert.pem'),
    ]),
    { stdio: 'pipe' },
  );
  server = createHttpsServer(
    { key: readFileSync(file('key.pem')), cert: readFileSync(file('cert.pem')) },
    (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-auth-token'] ? 'token' : 'no token'}`);
      req.resume().on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"result":"SUCCESS"}');
      });
    },
  );
  // Longer than any test: an idle connection that kept its process alive would show as a hang.
  server.keepAliveTimeout = 120_000;
  server.on('secureConnection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.closeAllConnections();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `calls` sequential calls in a fresh Node process; resolves to its output and how long it took. */
function runCalls(calls: number, env: Record<string, string>): Promise<{ stdout: string; ms: number }> {
  const script = `import { createTaurusDbClient, iamToken } from '@dbpass/client-taurusdb';
const client = createTaurusDbClient({ endpoint: ${JSON.stringify(baseUrl)}, projectId: ${JSON.stringify(h.projectId)}, auth: iamToken({ token: 'sender-test-token' }), retry: { maxAttempts: 1 } });
try {
  for (let i = 0; i < ${calls}; i++)
    await client.updateStarRocksDatabaseUserPassword({ instance_id: ${JSON.stringify(h.instances.starrocks.id)}, body: { user_name: ${JSON.stringify(h.starrocksUsers[0])}, password: 'Sender_test_1' } });
  console.log('ok');
} catch (error) { console.log(error.name, error.cause?.code); }`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: testDir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve({ stdout: stdout.trim(), ms: Date.now() - started });
      },
    );
  });
}

describe('the Node sender', () => {
  it('verifies TLS against the trust store: a certificate it was not told to trust is refused, nothing sent', async () => {
    const before = seen.length;
    const { stdout } = await runCalls(1, {});
    expect(stdout).toMatch(/^NetworkError (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/);
    expect(seen.length).toBe(before);
  });

  it('sends over https to a trusted server on one keep-alive connection, and the idle connection lets the process exit', async () => {
    const [before, beforeConnections] = [seen.length, connections];
    const { stdout, ms } = await runCalls(5, { NODE_EXTRA_CA_CERTS: file('cert.pem') });
    expect(stdout).toBe('ok');
    expect(seen.slice(before)).toEqual(Array(5).fill(`PUT ${PATH} token`));
    expect(connections - beforeConnections).toBe(1);
    // The server holds the connection open for 120 s; the process ended long before.
    expect(ms).toBeLessThan(20_000);
  });

  it('a refused connection is retried as never sent, then ends in NetworkError with its code', async () => {
    const port = await freePort();
    const client = createTaurusDbClient({
      endpoint: `http://127.0.0.1:${port}`,
      projectId: h.projectId,
      auth: iamToken({ token: 'sender-test-token' }),
      retry: { ...FAST_RETRIES, maxAttempts: 3 },
    });
    const error = await thrown(() =>
      client.updateStarRocksDatabaseUserPassword({
        instance_id: h.instances.starrocks.id,
        body: { user_name: h.starrocksUsers[0]!, password: 'Sender_test_1' },
      }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ cause: { code: 'ECONNREFUSED' }, $metadata: { attempts: 3 } });
  });
});
