// The ClickHouse verifier against the real engine the twin runs (Debian's clickhouse-server 18.16, on the
// system's Poco): both ways applications send credentials over HTTP, with passwords holding every pair of the
// HTAP ClickHouse policy's special characters, RFC 2047 look-alikes, ':' and characters beyond ASCII.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { PasswordPolicy } from '../../core/src/client/service-descriptor.js';
import { generatePassword } from '../../core/src/passwords/generate-password.js';
import { type ClickHouseServer, startClickHouse } from '../../emulator/src/engines/clickhouse-server.js';
import { findEnginePrograms } from '../../emulator/src/engines/find-programs.js';
import { sendableInClickHouseHeader } from '../src/clickhouse-login.js';
import { LoginImpossibleError } from '../src/errors.js';
import { tryLogin } from '../src/login.js';
import type { ClickHouseLoginTarget } from '../src/login-target.js';
import { verifyPasswordChange } from '../src/verify-password-change.js';
import { resolveTo } from './resolve-to.js';

/** The special characters UpdateClickHouseDatabaseUserPassword documents (specs/taurusdb/paths/...). */
const SPECIALS = '~!@#%^*-_=+?,';

/** One password per ordered pair of specials, each pair between letters and digits: `Ab1<a><b>Yz9`. */
const pairPasswords = [...SPECIALS].flatMap((a) => [...SPECIALS].map((b) => `Ab1${a}${b}Yz9`));
const otherPasswords = [
  'Abc=?def1', // the kill -9 harness's case: `=?` with no encoded word after it
  'Abc?=def1',
  'Ab=?c?d?=e1', // a complete encoded word with an unknown encoding
  'Ab=?utf-8?B?YWJj?=1', // a valid encoded word (base64 of "abc")
  'Ab=?utf-8?Q?a=41?=1', // a valid quoted-printable word
  '=?=?=?Ab1',
  'Ab:c:d1', // ':' in the password is fine in Basic auth (split at the first colon)
  'Ab c d1', // inner spaces
  'Ab"c\\d1',
  'Abé123456', // beyond ASCII
  'Ab😀123456',
  'Abcdef12345',
];
/**
 * Passwords generated from the spec's policy for UpdateClickHouseDatabaseUserPassword, at its longest: were `=?`
 * not left out, about 6 of these 1,000 would hold it (31 places, 1 in 74² each).
 */
const specFile = path.resolve(
  import.meta.dirname,
  '../../../specs/taurusdb/paths/update-click-house-database-user-password.yaml',
);
const policy: PasswordPolicy = YAML.parse(await readFile(specFile, 'utf8')).put.requestBody.content['application/json']
  .schema.properties.password['x-password-policy'];
const generatedPasswords = Array.from({ length: 1_000 }, () => generatePassword(policy, { userName: 'app' }).password);
const passwords = [...pairPasswords, ...otherPasswords, ...generatedPasswords];
const userOf = (index: number) => `u${index}`;

let server: ClickHouseServer;
let dir: string;
const target = (index: number, auth?: 'basic' | 'headers'): ClickHouseLoginTarget => ({
  protocol: 'clickhouse-http',
  host: server.host,
  port: server.port,
  user: userOf(index),
  ...(auth ? { auth } : {}),
});

/** A raw request with the credentials in X-ClickHouse-User/Key, past the verifier's own check: the HTTP status. */
const rawHeaderLogin = (user: string, key: string) =>
  new Promise<number>((resolve, reject) => {
    const sent = request(
      {
        host: server.host,
        port: server.port,
        path: '/?query=SELECT%201',
        headers: { 'X-ClickHouse-User': user, 'X-ClickHouse-Key': key },
        agent: false,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    sent.on('error', reject);
    sent.end();
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-verify-clickhouse-'));
  server = await startClickHouse({
    dir,
    program: findEnginePrograms()['clickhouse-server'],
    users: [
      ...passwords.map((password, index) => ({ name: userOf(index), password })),
      // What the server makes of `Abc=?def1` in a header: `=?` dropped.
      { name: 'decoded', password: 'Abcdef1' },
    ],
  });
  // The users.d files are read shortly after start.
  const deadline = Date.now() + 20_000;
  while ((await tryLogin(target(passwords.length - 1), passwords.at(-1)!)) !== 'accepted') {
    if (Date.now() > deadline) throw new Error('ClickHouse did not load its users');
    await sleep(100);
  }
}, 60_000);
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ClickHouse over HTTP, on the real engine', () => {
  it('Basic auth (the default) logs in with every password, and refuses a wrong one', async () => {
    for (const [index, password] of passwords.entries()) {
      expect(await tryLogin(target(index), password), JSON.stringify(password)).toBe('accepted');
      expect(await tryLogin(target(index, 'basic'), password), JSON.stringify(password)).toBe('accepted');
      expect(await tryLogin(target(index), `${password}x`), JSON.stringify(password)).toBe('refused');
    }
    expect(await tryLogin({ ...target(0), user: 'nobody_here' }, passwords[0]!)).toBe('refused');
  });

  it("X-ClickHouse-Key logs in with every password without '=?' and only printable ASCII; the others cannot be tried", async () => {
    const impossible: string[] = [];
    for (const [index, password] of passwords.entries()) {
      if (sendableInClickHouseHeader(password)) {
        expect(await tryLogin(target(index, 'headers'), password), JSON.stringify(password)).toBe('accepted');
        expect(await tryLogin(target(index, 'headers'), `${password}x`), JSON.stringify(password)).toBe('refused');
      } else {
        await expect(tryLogin(target(index, 'headers'), password)).rejects.toBeInstanceOf(LoginImpossibleError);
        impossible.push(password);
      }
    }
    // Of the 169 pairs of specials only `=?` cannot travel in a header.
    expect(pairPasswords.filter((password) => !sendableInClickHouseHeader(password))).toEqual(['Ab1=?Yz9']);
    expect(impossible).toEqual([
      'Ab1=?Yz9',
      'Abc=?def1',
      'Ab=?c?d?=e1',
      'Ab=?utf-8?B?YWJj?=1',
      'Ab=?utf-8?Q?a=41?=1',
      '=?=?=?Ab1',
      'Abé123456',
      'Ab😀123456',
    ]);
  });

  it('the cause: the server decodes RFC 2047 words in header values, so a key with `=?` is another password', async () => {
    const index = passwords.indexOf('Abc=?def1');
    expect(await rawHeaderLogin(userOf(index), 'Abc=?def1')).toBe(401);
    // The same bytes log in to the account whose password is `Abcdef1`: `=?` was dropped before the check.
    expect(await rawHeaderLogin('decoded', 'Abc=?def1')).toBe(200);
    expect(await rawHeaderLogin('decoded', 'Abcdef1')).toBe(200);
    // A valid encoded word is decoded: `=?utf-8?B?YWJj?=` reads as `abc`.
    expect(await rawHeaderLogin(userOf(passwords.indexOf('Ab=?utf-8?B?YWJj?=1')), 'Ab=?utf-8?B?YWJj?=1')).toBe(401);
    expect(await rawHeaderLogin('decoded', 'Abc=?d?B?ZGVm?=1')).toBe(200);
  });
});

describe('the no-TLS default follows the address connected to, not the host name', () => {
  it('a name that resolves to loopback logs in over plain HTTP, and the evidence says no TLS', async () => {
    const lookup = resolveTo('127.0.0.1');
    const named = { ...target(0), host: 'clickhouse.twin.test' };
    expect(await tryLogin(named, passwords[0]!, { lookup })).toBe('accepted');
    expect(await tryLogin(named, `${passwords[0]}x`, { lookup })).toBe('refused');
    const evidence = await verifyPasswordChange(
      named,
      { newPassword: passwords[0]!, oldPassword: `${passwords[0]}x` },
      { deadlineMs: 0, lookup },
    );
    expect(evidence).toMatchObject({ tls: false, address: `clickhouse.twin.test:${server.port}` });
  });
});

describe('passwords generated from the HTAP ClickHouse policy', () => {
  it('log in both ways, Basic auth and X-ClickHouse-Key', async () => {
    expect(policy.unsendable).toEqual(['=?']);
    const first = pairPasswords.length + otherPasswords.length;
    for (const [offset, password] of generatedPasswords.entries()) {
      expect(password).not.toContain('=?');
      expect(await tryLogin(target(first + offset, 'basic'), password), password).toBe('accepted');
      expect(await tryLogin(target(first + offset, 'headers'), password), password).toBe('accepted');
    }
  });
});

describe('credentials that cannot travel are never sent', () => {
  // Port 9 (discard) on loopback: nothing answers, so reaching the network would be an EngineUnreachableError.
  const nowhere = { protocol: 'clickhouse-http' as const, host: '127.0.0.1', port: 9, user: 'app' };
  it("refuses a user name with ':' for Basic auth and an unsendable header, before connecting", async () => {
    await expect(tryLogin({ ...nowhere, user: 'a:b' }, 'Abcdef1')).rejects.toBeInstanceOf(LoginImpossibleError);
    for (const password of ['Abc=?def1', ' Abcdef1', 'Abcdef1 ', 'Ab\tc1', 'Abé123']) {
      const error = await tryLogin({ ...nowhere, auth: 'headers' }, password).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(password)).toBeInstanceOf(LoginImpossibleError);
      expect((error as Error).message).not.toContain(password);
    }
    await expect(tryLogin({ ...nowhere, user: 'a=?b', auth: 'headers' }, 'Abcdef1')).rejects.toThrow(/user name/);
  });
});
