// Digest auth against independent implementations: curl --digest as the client of the emulator's
// OceanBase endpoint, and Apache httpd's mod_auth_digest as the server for dbpass's Digest client.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuthenticationError, BadRequestError, createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { type Emulator, startEmulator } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { o, oceanbaseRaw, thrown } from './setup.js';
import { freePort, requireProgram } from './system-tools.js';

const run = promisify(execFile);

describe.each(['MD5', 'SHA-256'] as const)('curl --digest against the emulator (%s)', (algorithm) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ digestAlgorithm: algorithm });
  });
  afterAll(() => emulator.stop());

  const curl = (secret: string, password: string) =>
    run(requireProgram('curl', 'curl'), [
      '--silent',
      '--digest',
      '-u',
      `${o.accessKeyId}:${secret}`,
      '-X',
      'PUT',
      '-H',
      `X-Ob-Project-Id: ${o.projectId}`,
      '-H',
      'Content-Type: application/json',
      '--data',
      JSON.stringify({ userPassword: password }),
      '--write-out',
      '\n%{http_code}',
      `${emulator.url}/api/v2/instances/${o.instanceId}/tenants/${o.tenantId}/tenantUsers/${o.users[0]}/password?requestId=${crypto.randomUUID()}`,
    ]);

  it('succeeds with the right secret', async () => {
    const { stdout } = await curl(o.accessKeySecret, 'Curl_changed_1!');
    const [body, status] = stdout.trim().split('\n');
    expect(status).toBe('200');
    expect(JSON.parse(body!)).toMatchObject({ success: true });
    expect(
      emulator.state.checkPassword(
        { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0] },
        'Curl_changed_1!',
      ),
    ).toBe(true);
  });

  it('fails with a wrong secret', async () => {
    const { stdout } = await curl('wrong-secret', 'Curl_changed_2!');
    expect(stdout.trim().split('\n').at(-1)).toBe('401');
    expect(
      emulator.state.checkPassword(
        { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0] },
        'Curl_changed_2!',
      ),
    ).toBe(false);
  });
});

describe('dbpass Digest client against Apache mod_auth_digest', () => {
  const realm = 'OceanBase Cloud';
  let dir: string;
  let base: string;
  let apache: string;
  let conf: string;

  beforeAll(async () => {
    apache = requireProgram('apache2', 'apache2');
    const htdigest = requireProgram('htdigest', 'apache2-utils');
    dir = mkdtempSync(path.join(tmpdir(), 'dbpass-apache-'));
    mkdirSync(path.join(dir, 'htdocs/api/v2'), { recursive: true });
    writeFileSync(path.join(dir, 'htdocs/api/v2/ping.json'), '{"success":true,"data":"pong"}');
    // htdigest reads the password twice from the terminal; feed it on stdin.
    await new Promise<void>((resolve, reject) => {
      const child = execFile(htdigest, ['-c', path.join(dir, 'users'), realm, o.accessKeyId], (error) =>
        error ? reject(error) : resolve(),
      );
      child.stdin!.end(`${o.accessKeySecret}\n${o.accessKeySecret}\n`);
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const modules = '/usr/lib/apache2/modules';
    conf = path.join(dir, 'httpd.conf');
    writeFileSync(
      conf,
      [
        `ServerRoot "${dir}"`,
        `Listen 127.0.0.1:${port}`,
        'ServerName 127.0.0.1',
        `PidFile "${dir}/httpd.pid"`,
        `ErrorLog "${dir}/error.log"`,
        `DefaultRuntimeDir "${dir}"`,
        `Mutex file:${dir}`,
        ...['mpm_event', 'authn_core', 'authn_file', 'authz_core', 'authz_user', 'auth_digest', 'mime'].map(
          (name) => `LoadModule ${name}_module ${modules}/mod_${name}.so`,
        ),
        'TypesConfig /etc/mime.types',
        'User www-data',
        'Group www-data',
        `LogFormat "%r %>s" plain`,
        `CustomLog "${dir}/access.log" plain`,
        `DocumentRoot "${dir}/htdocs"`,
        `<Directory "${dir}/htdocs">`,
        '  Require all granted',
        '</Directory>',
        '<Location "/api/">',
        '  AuthType Digest',
        `  AuthName "${realm}"`,
        '  AuthDigestDomain "/api/"',
        '  AuthDigestProvider file',
        `  AuthUserFile "${dir}/users"`,
        '  Require valid-user',
        '</Location>',
      ].join('\n'),
    );
    await run('chmod', ['-R', 'a+rX', dir]);
    await run(apache, ['-f', conf, '-k', 'start']).catch((error: Error) => {
      const log = (() => {
        try {
          return readFileSync(path.join(dir, 'error.log'), 'utf8');
        } catch {
          return '(no error.log)';
        }
      })();
      throw new Error(`Apache did not start: ${error.message}\n${log}`);
    });
    for (let waited = 0; ; waited += 50) {
      const ok = await fetch(`${base}/`).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (waited > 10_000)
        throw new Error(`Apache did not start: ${readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    if (conf) await run(apache, ['-f', conf, '-k', 'stop']).catch(() => undefined);
    for (let waited = 0; waited < 5_000; waited += 50) {
      try {
        readFileSync(path.join(dir, 'httpd.pid'));
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const client = (secret: string) =>
    createOceanBaseClient({
      endpoint: base,
      projectId: o.projectId,
      auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: secret }),
    });
  const accessLog = () => readFileSync(path.join(dir, 'access.log'), 'utf8').trim().split('\n');
  /** The access log once it has at least `lines` lines (Apache writes a line just after answering). */
  const accessLogWith = async (lines: number) => {
    for (let waited = 0; accessLog().length < lines && waited < 3_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return accessLog();
  };

  it("answers Apache's challenge and reuses the nonce for the next request", async () => {
    const raw = oceanbaseRaw(base) as unknown as {
      GET(path: string, init?: object): Promise<{ data?: unknown; response: Response }>;
    };
    const before = accessLog().length;
    const first = await raw.GET('/api/v2/ping.json', { parseAs: 'json' });
    expect(first.response.status).toBe(200);
    expect(first.data).toEqual({ success: true, data: 'pong' });
    expect(first.response.headers.get('authentication-info')).toMatch(/rspauth=/);
    const second = await raw.GET('/api/v2/ping.json?x=1', { parseAs: 'json' });
    expect(second.response.status).toBe(200);
    expect((await accessLogWith(before + 3)).slice(before)).toEqual([
      'GET /api/v2/ping.json HTTP/1.1 401',
      'GET /api/v2/ping.json HTTP/1.1 200',
      'GET /api/v2/ping.json?x=1 HTTP/1.1 200',
    ]);
  });

  it('re-sends a PUT body after the challenge: Apache gets past auth (405 for a static file, not 401)', async () => {
    const error = await thrown(() =>
      client(o.accessKeySecret).modifyTenantUserPassword({
        instanceId: o.instanceId,
        tenantId: o.tenantId,
        userName: o.users[0],
        body: { userPassword: 'Apache_put_1!' },
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.$metadata.httpStatusCode).toBe(405);
  });

  it('fails with a clear AuthenticationError on a wrong secret, after one answer', async () => {
    // A path of its own: an earlier test's last line may reach the log after this test has started.
    const request = 'GET /api/v2/ping.json?wrong-secret=1 HTTP/1.1';
    const raw = oceanbaseRaw(base, 'wrong-secret') as unknown as { GET(path: string): Promise<unknown> };
    const error = await thrown(() => raw.GET('/api/v2/ping.json?wrong-secret=1'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/Digest authentication failed/);
    const ours = () => accessLog().filter((line) => line.startsWith(request));
    for (let waited = 0; ours().length < 2 && waited < 3_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ours()).toEqual([`${request} 401`, `${request} 401`]);
  });
});
