// The dbpass-emulator command, spawned from its build: starts on the given port on 127.0.0.1, answers in each
// cloud's format, prints what a plan needs, injects the faults its options describe, logs each request as it is
// answered, refuses a bad command line with exit status 2, runs real engines under a long TMPDIR, and stops on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';
import { ServerError } from '@dbpass/core';
import { createConnection } from 'mysql2/promise';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseFaultSpec } from '../src/cli/fault-spec.js';
import { UsageError } from '../src/cli/usage-error.js';
import { freePort } from '../src/engines/child-process.js';
import { fleetAccounts } from '../src/fleet.js';
import { seed } from '../src/seed.js';

const BIN = path.resolve(import.meta.dirname, '../bin/dbpass-emulator.js');
const h = seed.huawei;
const ob = seed.oceanbase;
const running: ChildProcess[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(
    running.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }),
  );
});
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

const folder = async () => {
  const made = await mkdtemp(path.join(tmpdir(), 'dbpass-emulator-cli-'));
  folders.push(made);
  return made;
};

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly banner: string;
}

/** Spawns the command and waits for its whole banner (its last line is "Stop with Ctrl-C."). */
async function start(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Stop with Ctrl-C.\n')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
  const url = /^dbpass emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(banner)?.[1];
  if (!url) throw new Error(`no listening line in ${banner}`);
  return { child, url, banner };
}

/** Runs the command to its exit. */
async function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

async function stopWithSigterm(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

/** The request log's lines once it holds at least `count` (it is appended as requests are answered). */
async function logLines(file: string, count: number): Promise<Array<Record<string, unknown>>> {
  return vi.waitFor(
    async () => {
      const lines = (await readFile(file, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      if (lines.length < count) throw new Error(`${lines.length} of ${count} lines so far`);
      return lines;
    },
    { timeout: 10_000, interval: 20 },
  );
}

const taurusClient = (url: string) =>
  createTaurusDbClient({
    endpoint: url,
    projectId: h.projectId,
    auth: akSk({ ak: h.ak, sk: h.sk }),
    retry: { maxAttempts: 1 },
  });

describe('dbpass-emulator', () => {
  it('serves both clouds on a fixed port and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const { child, url } = await start(['--port', String(port)]);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const huawei = await fetch(`${url}/v3/${h.projectId}/instances/${h.instances.taurusdb.id}/password`, {
      method: 'POST',
      body: '{}',
    });
    expect(huawei.status).toBe(401);
    expect(await huawei.json()).toMatchObject({ error_code: 'APIGW.0301' });
    const oceanbase = await fetch(`${url}/api/v2/instances/i/tenants/t/tenantUsers/u/password?requestId=x`, {
      method: 'PUT',
      body: '{}',
    });
    expect(oceanbase.status).toBe(401);
    expect(oceanbase.headers.get('www-authenticate')).toMatch(
      /^Digest realm="OceanBase Cloud", qop="auth", algorithm=MD5/,
    );
    expect(await oceanbase.json()).toMatchObject({ success: false });
    expect(await stopWithSigterm(child)).toBe(0);
  });

  it('prints every value a plan needs, saying they are public emulator values', async () => {
    const { banner, url } = await start(['--port', '0']);
    expect(banner).toMatch(/fixed, public emulator value.*not a secret/);
    expect(banner).toContain(`endpoint: ${url}`);
    for (const value of [
      h.ak,
      h.sk,
      h.iamUser.name,
      h.iamUser.password,
      h.domainName,
      h.projectId,
      h.instances.taurusdb.id,
      h.instances.starrocks.id,
      h.instances.clickhouse.id,
      ob.accessKeyId,
      ob.accessKeySecret,
      ob.projectId,
      ob.instanceId,
      ob.tenantId,
      seed.initialPassword,
    ])
      expect(banner).toContain(value);
    expect(banner).toContain('engines: memory');
    expect(banner).toContain('faults: none');
  });

  it('--fleet adds the accounts it names, and prints their instances', async () => {
    const fleet = { taurusInstances: 2, usersPerInstance: 3, starrocksUsers: 4, clickhouseUsers: 0, oceanbaseUsers: 5 };
    const { banner, url } = await start(['--port', '0', '--fleet', '2,3,4,0,5']);
    const accounts = fleetAccounts(fleet);
    for (const instance of accounts.taurusdb) expect(banner).toContain(`${instance.id} (${instance.name})`);
    expect(banner).toContain('sr_fleet_001..sr_fleet_004 (4)');
    expect(banner).toContain('ob_fleet_001..ob_fleet_005 (5)');
    // The fleet instance exists: its root password can be reset.
    const reset = await taurusClient(url).resetGaussMySqlPassword({
      instance_id: accounts.taurusdb[1]!.id,
      body: { password: 'Fleet_root_pw1' },
    });
    expect(reset).toBeDefined();
  });

  it('--help lists every option and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const option of [
      '--port',
      '--engines',
      '--fleet',
      '--job-duration-ms',
      '--job-visible-after-ms',
      '--faults',
      '--fault <spec>',
      '--fault-seed',
      '--request-log',
      '--help',
    ])
      expect(stdout).toContain(option);
    for (const kind of ['status=', 'latency=', 'reset-before', 'reset-after', 'truncated', 'non-json', 'job-fail'])
      expect(stdout).toContain(kind);
    for (const key of ['slow-job=', 'partial-batch', 'op=', 'p=', 'times=', 'retry-after=', 'code='])
      expect(stdout).toContain(key);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['extra'], 'unexpected argument "extra"'],
    [['--port'], '--port needs a value'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, not "70000"'],
    [['--engines', 'disk'], '--engines must be memory or real, not "disk"'],
    [['--job-duration-ms', '-5'], '--job-duration-ms needs a value'],
    [['--job-visible-after-ms', '1.5'], '--job-visible-after-ms must be whole milliseconds'],
    [['--fleet', '1,25,11'], '--fleet must be five whole numbers'],
    [['--fleet', '1,x,0,0,0'], 'instances,usersPerInstance,starrocks,clickhouse,oceanbase'],
    [['--faults', '1.5'], '--faults must be a probability above 0 and at most 1'],
    [['--faults', '0.2', '--fault-seed', 'abc'], '--fault-seed must be a whole number'],
    [['--fault-seed', '3'], '--fault-seed needs --faults or --fault'],
    [['--fault', 'status=503,op=ResetGaussMySqlRootPassword'], 'op must be one of KeystoneCreateUserTokenByPassword,'],
    [['--fault', 'explode'], '--fault "explode": unknown item "explode"'],
    [['--fault', 'status=200'], 'status must be an HTTP status from 400 to 599'],
    [['--fault', 'p=0.5'], 'names no fault kind'],
    [['--fault', 'truncated,non-json'], 'names 2 kinds (truncated, non-json)'],
    [['--fault', 'reset-after,retry-after=1'], 'retry-after goes with status= only'],
    [
      ['--fault', 'job-fail,op=DescribeTenant'],
      'job-fail changes jobs, which only ResetGaussMySqlDatabasePassword, CreateGaussMySqlDatabaseUser and AddDatabasePermission create',
    ],
    [['--request-log', ''], '--request-log needs a file name'],
  ])('%j exits 2 with one line naming the rule, and the usage', async (args, problem) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [first, ...rest] = stderr.trimEnd().split('\n');
    expect(first).toMatch(/^dbpass-emulator: /);
    expect(first).toContain(problem);
    expect(rest[0]).toMatch(/^Usage: dbpass-emulator /);
  });

  it('--request-log appends one JSON line per request as it is answered, without headers, bodies or queries', async () => {
    const file = path.join(await folder(), 'requests.jsonl');
    const { url, banner } = await start(['--port', '0', '--request-log', file]);
    expect(banner).toContain(`request log: ${file}`);
    const before = Date.now();
    await fetch(`${url}/v3/${h.projectId}/instances/${h.instances.taurusdb.id}/password?marker=query-text`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 'token-that-must-not-be-logged' },
      body: JSON.stringify({ password: 'Body_pass_not_logged1' }),
    });
    const [first] = await logLines(file, 1);
    expect(first).toEqual({
      time: expect.any(String),
      method: 'POST',
      path: `/v3/${h.projectId}/instances/${h.instances.taurusdb.id}/password`,
      operationId: 'ResetGaussMySqlPassword',
      status: 401,
      fault: null,
    });
    expect(Date.parse(first!.time as string)).toBeGreaterThanOrEqual(before - 1_000);
    await fetch(`${url}/no/such/api`);
    const lines = await logLines(file, 2);
    expect(lines[1]).toMatchObject({ method: 'GET', path: '/no/such/api', operationId: null, status: 404 });
    const text = await readFile(file, 'utf8');
    for (const secret of ['token-that-must-not-be-logged', 'Body_pass_not_logged1', 'query-text'])
      expect(text).not.toContain(secret);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('--fault makes the requests it names fail as specified, the first matching ones only', async () => {
    const file = path.join(await folder(), 'requests.jsonl');
    const { url, banner } = await start([
      '--port',
      '0',
      '--request-log',
      file,
      '--fault',
      'status=429,op=ResetGaussMySqlPassword,retry-after=7,times=2',
    ]);
    expect(banner).toContain('faults: seed 1; --fault status=429,op=ResetGaussMySqlPassword,retry-after=7,times=2');
    const client = taurusClient(url);
    const reset = () =>
      client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: 'Fault_root_pw1' } });
    // Another operation is untouched.
    const raw = await fetch(`${url}/v3/auth/tokens`, { method: 'POST', body: '{}' });
    expect(raw.status).not.toBe(429);
    for (let hit = 0; hit < 2; hit++)
      await expect(reset()).rejects.toMatchObject({ code: 'APIG.0308', $metadata: { httpStatusCode: 429 } });
    await expect(reset()).resolves.toBeDefined();
    const lines = await logLines(file, 4);
    expect(lines.map((line) => [line.operationId, line.status, line.fault])).toEqual([
      ['KeystoneCreateUserTokenByPassword', raw.status, null],
      ['ResetGaussMySqlPassword', 429, 'status'],
      ['ResetGaussMySqlPassword', 429, 'status'],
      ['ResetGaussMySqlPassword', 200, null],
    ]);
  });

  it('--fault with p= fires by the seeded draw; --faults 1 faults every request with the default mix', async () => {
    const { url } = await start(['--port', '0', '--fault', 'status=503,op=ResetGaussMySqlPassword,p=1']);
    const client = taurusClient(url);
    for (let attempt = 0; attempt < 3; attempt++)
      await expect(
        client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: 'Fault_root_pw1' } }),
      ).rejects.toBeInstanceOf(ServerError);
    const file = path.join(await folder(), 'requests.jsonl');
    const mixed = await start(['--port', '0', '--faults', '1', '--fault-seed', '7', '--request-log', file]);
    expect(mixed.banner).toContain('faults: seed 7; --faults 1 (the default mix)');
    for (let request = 0; request < 4; request++)
      await fetch(`${mixed.url}/v3/auth/tokens`, { method: 'POST', body: '{}' }).catch(() => undefined);
    const lines = await logLines(file, 4);
    for (const line of lines) expect(line.fault).not.toBeNull();
  });

  it('--engines real starts under a TMPDIR too long for a unix socket path, and its engines take logins', async () => {
    const longTmp = path.join(await folder(), 'x'.repeat(Math.max(1, 115 - tmpdir().length)));
    await mkdir(longTmp);
    expect(longTmp.length).toBeGreaterThan(110);
    const { banner, child } = await start(['--port', '0', '--engines', 'real'], { ...process.env, TMPDIR: longTmp });
    const taurus = new RegExp(`^engine ${h.instances.taurusdb.id} mariadb mysql://127\\.0\\.0\\.1:(\\d+)`, 'm').exec(
      banner,
    );
    expect(taurus, banner).not.toBeNull();
    const connection = await createConnection({
      host: '127.0.0.1',
      port: Number(taurus![1]),
      user: 'app_user',
      password: seed.initialPassword,
    });
    try {
      const [rows] = await connection.query('SELECT CURRENT_USER() AS user');
      expect(rows).toEqual([{ user: 'app_user@%' }]);
    } finally {
      await connection.end();
    }
    // The socket is in a short folder of the emulator's own, mode 0700, removed when it stops.
    const [twin] = (await readdir(longTmp)).filter((name) => name.startsWith('dbpass-twin-'));
    const config = await readFile(path.join(longTmp, twin!, h.instances.taurusdb.id, 'run-0', 'my.cnf'), 'utf8');
    const socket = /^socket=(.+)$/m.exec(config)![1]!;
    expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(103);
    expect((await stat(path.dirname(socket))).mode & 0o777).toBe(0o700);
    expect(await stopWithSigterm(child)).toBe(0);
    await expect(stat(path.dirname(socket))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 240_000);
});

describe('parseFaultSpec', () => {
  it('reads one rule: a kind, then settings', () => {
    expect(parseFaultSpec('status=503,op=ResetGaussMySqlPassword,p=0.5')).toEqual({
      kind: 'status',
      status: 503,
      operationId: 'ResetGaussMySqlPassword',
      probability: 0.5,
    });
    expect(parseFaultSpec('status=429,retry-after=0,code=APIG.0308,times=3')).toEqual({
      kind: 'status',
      status: 429,
      retryAfter: '0',
      code: 'APIG.0308',
      times: 3,
    });
    expect(parseFaultSpec('latency=100-5000')).toEqual({ kind: 'latency', latencyMs: [100, 5000] });
    expect(parseFaultSpec('reset-after')).toEqual({ kind: 'reset-after' });
    // A job fault without op goes to whichever operation creates a job (the injector passes over the others).
    expect(parseFaultSpec('slow-job=2000,p=0.3')).toEqual({ kind: 'slow-job', latencyMs: 2000, probability: 0.3 });
    expect(parseFaultSpec('partial-batch,op=CreateGaussMySqlDatabaseUser')).toEqual({
      kind: 'partial-batch',
      operationId: 'CreateGaussMySqlDatabaseUser',
    });
  });

  it.each([
    'status=503,status=500',
    'status',
    'reset-before=1',
    'latency=fast',
    'p=0,truncated',
    'truncated,times=0',
    'truncated,,p=1',
    'status=503,code=bad code',
  ])('refuses %j with a UsageError that quotes the spec', (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow(UsageError);
    expect(() => parseFaultSpec(spec)).toThrow(`--fault ${JSON.stringify(spec)}: `);
  });
});
