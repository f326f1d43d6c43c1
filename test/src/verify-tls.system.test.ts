// The verifier's TLS path against a real MariaDB with certificates from a CA this test makes with openssl:
// trusted and matching -> logs in; untrusted CA, wrong name, or no TLS on the server -> TlsError.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findEnginePrograms, type MariaDbServer, startMariaDb } from '@dbpass/emulator';
import { type MysqlLoginTarget, TlsError, tryLogin, verifyPasswordChange } from '@dbpass/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-tls-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA, and a server certificate it signs for the given subjectAltName. */
function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name} test CA`,
    '-keyout',
    file(`${name}-ca.key`),
    '-out',
    file(`${name}-ca.pem`),
  );
}
function makeServerCert(ca: string, name: string, altName: string): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.csr`),
  );
  writeFileSync(file(`${name}.ext`), `subjectAltName=${altName}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file(`${ca}-ca.pem`),
    '-CAkey',
    file(`${ca}-ca.key`),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file(`${name}.ext`),
    '-out',
    file(`${name}.pem`),
  );
}

const PASSWORD = 'Tls_login_pw1';
let byIp: MariaDbServer;
let byName: MariaDbServer;
let plain: MariaDbServer;

beforeAll(async () => {
  makeCa('trusted');
  makeCa('other');
  makeServerCert('trusted', 'by-ip', 'IP:127.0.0.1');
  makeServerCert('trusted', 'by-name', 'DNS:db.twin.test');
  const programs = findEnginePrograms();
  const start = (name: string, tls?: string) =>
    startMariaDb({
      dir: file(`${name}-server`),
      programs: { mariadbd: programs.mariadbd, installDb: programs['mariadb-install-db'] },
      accounts: [{ name: 'app_user', host: '%', password: PASSWORD }],
      ...(tls
        ? { tls: { certFile: file(`${tls}.pem`), keyFile: file(`${tls}.key`), caFile: file('trusted-ca.pem') } }
        : {}),
    });
  [byIp, byName, plain] = await Promise.all([start('ip', 'by-ip'), start('name', 'by-name'), start('plain')]);
});

afterAll(async () => {
  await Promise.all([byIp, byName, plain].map((server) => server?.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const at = (server: MariaDbServer, tls: MysqlLoginTarget['tls']): MysqlLoginTarget => ({
  protocol: 'mysql',
  host: '127.0.0.1',
  port: server.port,
  user: 'app_user',
  ...(tls === undefined ? {} : { tls }),
});

describe('verifier TLS against MariaDB', () => {
  it('logs in over TLS with the caller CA when the certificate names the address', async () => {
    const evidence = await verifyPasswordChange(
      at(byIp, { ca: readFileSync(file('trusted-ca.pem')) }),
      { newPassword: PASSWORD, oldPassword: 'Not_the_pw1' },
      { deadlineMs: 0 },
    );
    expect(evidence).toMatchObject({ tls: true, newPasswordAccepted: true, oldPasswordRefused: true });
  });

  it('checks the certificate against `servername` when it names a host', async () => {
    expect(
      await tryLogin(at(byName, { ca: readFileSync(file('trusted-ca.pem')), servername: 'db.twin.test' }), PASSWORD),
    ).toBe('accepted');
  });

  it('refuses a server whose certificate does not name the address, or comes from another CA', async () => {
    await expect(tryLogin(at(byName, { ca: readFileSync(file('trusted-ca.pem')) }), PASSWORD)).rejects.toBeInstanceOf(
      TlsError,
    );
    await expect(tryLogin(at(byIp, { ca: readFileSync(file('other-ca.pem')) }), PASSWORD)).rejects.toBeInstanceOf(
      TlsError,
    );
    await expect(tryLogin(at(byIp, {}), PASSWORD)).rejects.toBeInstanceOf(TlsError); // system CAs do not know the test CA
  });

  it('checks only the chain with check: ca, and nothing with check: none (libpq-style sslmode verify-ca / require)', async () => {
    const trusted = readFileSync(file('trusted-ca.pem'));
    expect(await tryLogin(at(byName, { ca: trusted, check: 'ca' }), PASSWORD)).toBe('accepted'); // the name does not match; the chain does
    await expect(
      tryLogin(at(byIp, { ca: readFileSync(file('other-ca.pem')), check: 'ca' }), PASSWORD),
    ).rejects.toBeInstanceOf(TlsError);
    expect(await tryLogin(at(byIp, { check: 'none' }), PASSWORD)).toBe('accepted');
  });

  it('refuses a server without TLS when TLS is asked for; on loopback without options it logs in in the clear', async () => {
    await expect(tryLogin(at(plain, { ca: readFileSync(file('trusted-ca.pem')) }), PASSWORD)).rejects.toBeInstanceOf(
      TlsError,
    );
    expect(await tryLogin(at(plain, undefined), PASSWORD)).toBe('accepted');
  });
});
