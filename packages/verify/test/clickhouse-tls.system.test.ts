// The ClickHouse verifier's TLS against an HTTPS server on 127.0.0.1 standing in for ClickHouse's HTTP interface
// (it answers `SELECT 1` as ClickHouse does): the certificate is checked before a request, and so the
// credentials, is sent.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlsError } from '../src/errors.js';
import { tryLogin } from '../src/login.js';
import type { ClickHouseLoginTarget } from '../src/login-target.js';
import { verifyPasswordChange } from '../src/verify-password-change.js';
import { makeTestCertificates, type TestCertificates } from './test-certificates.js';

const PASSWORD = 'Click_tls_pw1';
let certificates: TestCertificates;
let https: Server;
let plain: Server;
/** The Authorization headers the HTTPS server received. */
const heard: string[] = [];

function answer(request: IncomingMessage, response: ServerResponse): void {
  heard.push(request.headers.authorization ?? '');
  const expected = `Basic ${Buffer.from(`app:${PASSWORD}`).toString('base64')}`;
  if (request.url !== '/?query=SELECT%201') response.writeHead(400).end('Code: 62. DB::Exception: Syntax error');
  else if (request.headers.authorization === expected) response.writeHead(200).end('1\n');
  else response.writeHead(401).end('Code: 516. DB::Exception: app: Authentication failed');
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

let httpsPort: number;
let plainPort: number;
beforeAll(async () => {
  certificates = makeTestCertificates();
  https = createHttpsServer({ key: certificates.key, cert: certificates.cert }, answer);
  plain = createHttpServer(answer);
  [httpsPort, plainPort] = await Promise.all([listen(https), listen(plain)]);
});
afterAll(async () => {
  https?.closeAllConnections();
  plain?.closeAllConnections();
  await Promise.all([close(https), close(plain)]);
});

const at = (port: number, tls?: ClickHouseLoginTarget['tls']): ClickHouseLoginTarget => ({
  protocol: 'clickhouse-http',
  host: '127.0.0.1',
  port,
  user: 'app',
  ...(tls === undefined ? {} : { tls }),
});

describe('ClickHouse over HTTPS', () => {
  it('logs in with the caller CA when the certificate names the address; a wrong password is refused', async () => {
    const evidence = await verifyPasswordChange(
      at(httpsPort, { ca: certificates.ca }),
      { newPassword: PASSWORD, oldPassword: 'Not_the_pw1' },
      { deadlineMs: 0 },
    );
    expect(evidence).toMatchObject({ tls: true, newPasswordAccepted: true, oldPasswordRefused: true });
  });

  it('sends nothing to a server whose certificate another CA signed, or that does not name the host', async () => {
    heard.length = 0;
    for (const tls of [
      { ca: certificates.otherCa },
      {},
      { ca: certificates.ca, servername: 'clickhouse.example.com' },
    ]) {
      const error = await tryLogin(at(httpsPort, tls), PASSWORD).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TlsError);
      expect((error as Error).message).not.toContain(PASSWORD);
    }
    expect(heard).toEqual([]);
  });

  it("checks only the chain with check: 'ca', and nothing with check: 'none'", async () => {
    const named = { ca: certificates.ca, servername: 'clickhouse.example.com' };
    expect(await tryLogin(at(httpsPort, { ...named, check: 'ca' }), PASSWORD)).toBe('accepted');
    await expect(tryLogin(at(httpsPort, { ca: certificates.otherCa, check: 'ca' }), PASSWORD)).rejects.toBeInstanceOf(
      TlsError,
    );
    expect(await tryLogin(at(httpsPort, { check: 'none' }), PASSWORD)).toBe('accepted');
  });

  it('refuses a server without TLS when TLS is asked for; on loopback without options it uses plain HTTP', async () => {
    await expect(tryLogin(at(plainPort, { ca: certificates.ca }), PASSWORD)).rejects.toBeInstanceOf(TlsError);
    expect(await tryLogin(at(plainPort), PASSWORD)).toBe('accepted');
  });
});
