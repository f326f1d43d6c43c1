// The MySQL verifier against impostors: servers on 127.0.0.1 that ask for the password in a form they can read.
// Without a checked certificate the verifier must send nothing that reveals it and say why; with one it logs in.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnsafeAuthPluginError } from '../src/errors.js';
import { tryLogin } from '../src/login.js';
import type { MysqlLoginTarget } from '../src/login-target.js';
import { type FakeMysqlScript, type FakeMysqlServer, startFakeMysqlServer } from './fake-mysql-server.js';
import { makeTestCertificates, type TestCertificates } from './test-certificates.js';

const PASSWORD = 'Secret_pw_4711';
let certificates: TestCertificates;
let server: FakeMysqlServer | undefined;

beforeAll(() => {
  certificates = makeTestCertificates();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function impostor(script: FakeMysqlScript): Promise<FakeMysqlServer> {
  server = await startFakeMysqlServer({ script, tls: { key: certificates.key, cert: certificates.cert } });
  return server;
}

const at = (port: number, tls?: MysqlLoginTarget['tls']): MysqlLoginTarget => ({
  protocol: 'mysql',
  host: '127.0.0.1',
  port,
  user: 'app_user',
  ...(tls === undefined ? {} : { tls }),
});

const STEPS: Record<Exclude<FakeMysqlScript, 'caching-sha2-fast'>, string> = {
  'clear-password': 'mysql_clear_password',
  'sha256-password': 'sha256_password',
  'caching-sha2-full': 'caching_sha2_password full authentication',
};

describe('a server that asks for a password-revealing auth plugin, certificate not checked', () => {
  const unchecked: Array<[string, MysqlLoginTarget['tls'] | undefined]> = [
    ['the loopback default (no TLS)', undefined],
    ['tls: false', false],
    ["TLS with check: 'none' (plan mode required)", { check: 'none' }],
  ];
  for (const [script, step] of Object.entries(STEPS) as Array<[FakeMysqlScript, string]>) {
    for (const [how, tls] of unchecked) {
      it(`${step}, over ${how}: never receives the password, and the verifier says why`, async () => {
        const fake = await impostor(script);
        const error = await tryLogin(at(fake.port, tls), PASSWORD).catch((caught: unknown) => caught);
        expect(fake.heard(PASSWORD)).toBe(false);
        expect(error).toBeInstanceOf(UnsafeAuthPluginError);
        expect(error).toMatchObject({ code: 'UNSAFE_AUTH_PLUGIN', plugin: step });
        expect((error as Error).message).toContain(`asked for ${step}`);
        expect((error as Error).message).not.toContain(PASSWORD);
      });
    }
  }

  it('caching_sha2_password fast authentication (a scramble, never the password) still logs in', async () => {
    const fake = await impostor('caching-sha2-fast');
    expect(await tryLogin(at(fake.port), PASSWORD)).toBe('accepted');
    expect(await tryLogin(at(fake.port, { check: 'none' }), PASSWORD)).toBe('accepted');
    expect(fake.heard(PASSWORD)).toBe(false);
  });
});

describe('a server whose certificate is checked', () => {
  for (const [script, step] of Object.entries(STEPS) as Array<[FakeMysqlScript, string]>) {
    it(`gets the password for ${step}, over TLS, with check: 'full' or 'ca'`, async () => {
      const fake = await impostor(script);
      expect(await tryLogin(at(fake.port, { ca: certificates.ca }), PASSWORD)).toBe('accepted');
      expect(fake.heard(PASSWORD)).toBe(true);
      expect(await tryLogin(at(fake.port, { ca: certificates.ca, check: 'ca' }), PASSWORD)).toBe('accepted');
    });
  }
});
