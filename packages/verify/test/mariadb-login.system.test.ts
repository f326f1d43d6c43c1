// The MySQL verifier against a real MariaDB on 127.0.0.1 (mysql_native_password accounts, no TLS on the server):
// the auth plugin guard leaves ordinary logins alone, and the no-TLS loopback default follows the address
// connected to, not the host name.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEnginePrograms } from '../../emulator/src/engines/find-programs.js';
import { type MariaDbServer, startMariaDb } from '../../emulator/src/engines/mariadb-server.js';
import { tryLogin } from '../src/login.js';
import type { MysqlLoginTarget } from '../src/login-target.js';
import { verifyPasswordChange } from '../src/verify-password-change.js';
import { resolveTo } from './resolve-to.js';

const PASSWORD = 'Native_login_pw1';
let server: MariaDbServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-verify-mariadb-'));
  const programs = findEnginePrograms();
  server = await startMariaDb({
    dir,
    programs: { mariadbd: programs.mariadbd, installDb: programs['mariadb-install-db'] },
    accounts: [{ name: 'app_user', host: '%', password: PASSWORD }],
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const at = (host: string): MysqlLoginTarget => ({ protocol: 'mysql', host, port: server.port, user: 'app_user' });

describe('MariaDB logins', () => {
  it('mysql_native_password logs in on loopback without TLS; a wrong password is refused', async () => {
    expect(await tryLogin(at('127.0.0.1'), PASSWORD)).toBe('accepted');
    expect(await tryLogin(at('127.0.0.1'), 'Not_the_pw1')).toBe('refused');
    expect(await tryLogin(at('localhost'), PASSWORD)).toBe('accepted');
  });

  it('a host name whose address is loopback gets the loopback default, and the evidence says no TLS', async () => {
    const lookup = resolveTo('127.0.0.1');
    expect(await tryLogin(at('db.twin.test'), PASSWORD, { lookup })).toBe('accepted');
    const evidence = await verifyPasswordChange(
      at('db.twin.test'),
      { newPassword: PASSWORD, oldPassword: 'Not_the_pw1' },
      { deadlineMs: 0, lookup },
    );
    expect(evidence).toMatchObject({ tls: false, newPasswordAccepted: true, oldPasswordRefused: true });
  });
});
