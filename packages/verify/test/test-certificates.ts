import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  /** The CA that signed `cert`. */
  readonly ca: Buffer;
  /** Another CA, that signed nothing here. */
  readonly otherCa: Buffer;
  /** A server certificate naming IP:127.0.0.1, and its key. */
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** A CA and a server certificate for 127.0.0.1 it signs, made with openssl; nothing is left on disk. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-verify-certs-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    for (const ca of ['ca', 'other-ca'])
      openssl(
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=dbpass ${ca}`],
        ...['-keyout', file(`${ca}.key`), '-out', file(`${ca}.pem`)],
      );
    openssl(
      ...['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1'],
      ...['-keyout', file('server.key'), '-out', file('server.csr')],
    );
    writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl(
      ...['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key')],
      ...['-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem')],
    );
    return {
      ca: readFileSync(file('ca.pem')),
      otherCa: readFileSync(file('other-ca.pem')),
      cert: readFileSync(file('server.pem')),
      key: readFileSync(file('server.key')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
