// Canary secrets: no SK, IAM password, token, AccessKey secret, digest response or account password may
// appear in any error's message, stack, JSON, util.inspect or cause, nor in the auth objects themselves.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { runCli } from '@dbpass/cli';
import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import {
  akSk,
  createTaurusDbClient,
  DbpassError,
  iamToken,
  type TaurusDbClient,
  waitForJob,
} from '@dbpass/client-taurusdb';
import type { AccountRef as EmulatorAccount } from '@dbpass/emulator';
import {
  type AccountRef,
  expandTargets,
  FileStore,
  type LoginChecker,
  parsePlan,
  type RotationEvent,
  rotate,
  type SecretStore,
  type Stage,
} from '@dbpass/rotate';
import { openVaultStore } from '@dbpass/rotate/stores/vault';
import { afterEach, describe, expect, it } from 'vitest';
import { h, o, thrown, useEmulator } from './setup.js';
import { freePort } from './system-tools.js';

const emulator = useEmulator();
const CANARY = {
  sk: 'CanarySK-7f3a9c1e5b2d4f6a8c0e',
  securityToken: 'CanaryToken-1d2c3b4a5f6e7d8c',
  iamPassword: 'CanaryIamPass-9e8d7c6b',
  staticToken: 'CanaryStatic-MIIT0a1b2c3d4e5f',
  obSecret: 'CanaryObSecret-4b5c6d7e8f',
  password: 'Canary_Pw_42x',
};

function everything(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  return [
    e.message,
    e.stack,
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true }),
    inspect(e.cause, { depth: Infinity }),
    String(e.cause),
  ].join('\n');
}

function expectNoSecret(error: unknown, extra: string[] = []) {
  expect(error).toBeInstanceOf(DbpassError);
  const text = everything(error);
  for (const secret of [...Object.values(CANARY), h.temporary.sk, h.temporary.securityToken, ...extra])
    expect(text).not.toContain(secret);
}

const rootReset = (client: TaurusDbClient, password = CANARY.password) =>
  client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password } });

describe('every error type, with canaries in every input', () => {
  const client = () =>
    // Temporary credentials: the emulator takes a security token only with them, so the token really travels.
    createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      auth: akSk({ ak: h.temporary.ak, sk: h.temporary.sk, securityToken: h.temporary.securityToken }),
    });
  const dbUsers = (password: string) => ({
    instance_id: h.instances.taurusdb.id,
    body: { users: [{ name: h.dbUsers[0]!.name, host: h.dbUsers[0]!.host, password }] },
  });
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['ValidationError', () => client().resetGaussMySqlDatabasePassword(dbUsers(`${CANARY.password}|`))],
    [
      'BadRequestError',
      async () => {
        emulator.current.injectFault({ status: 400, code: 'DBS.280001' });
        await client().resetGaussMySqlDatabasePassword(dbUsers(CANARY.password));
      },
    ],
    [
      'PermissionError',
      async () => {
        emulator.current.injectFault({ status: 403, code: 'DBS.200010' });
        await client().resetGaussMySqlDatabasePassword(dbUsers(CANARY.password));
      },
    ],
    [
      'NotFoundError',
      () =>
        client().resetGaussMySqlDatabasePassword({
          ...dbUsers(CANARY.password),
          instance_id: '00000000000000000000000000000000in07',
        }),
    ],
    [
      'ConflictError',
      async () => {
        emulator.current.injectFault({ status: 409, times: 2 });
        await client().resetGaussMySqlDatabasePassword(dbUsers(CANARY.password));
      },
    ],
    [
      'ThrottlingError',
      async () => {
        emulator.current.injectFault({ status: 429, times: 2 });
        await client().resetGaussMySqlDatabasePassword(dbUsers(CANARY.password));
      },
    ],
    [
      'ServerError',
      async () => {
        emulator.current.injectFault({ status: 500 });
        await client().resetGaussMySqlDatabasePassword(dbUsers(CANARY.password));
      },
    ],
    [
      'OutcomeUnknownError',
      async () => {
        emulator.current.injectFault({ kind: 'reset-after' });
        await client().resetGaussMySqlDatabasePassword(dbUsers(CANARY.password));
      },
    ],
    [
      'TimeoutError',
      async () => {
        emulator.current.injectFault({ kind: 'latency', latencyMs: 300 });
        await client().showGaussMySqlJobInfo({ id: crypto.randomUUID() }, { timeoutMs: 50 });
      },
    ],
    [
      'JobFailedError',
      async () => {
        emulator.current.injectFault({ kind: 'job-fail' });
        const taurus = client();
        const { job_id } = await taurus.resetGaussMySqlDatabasePassword(dbUsers(CANARY.password));
        await waitForJob(taurus, job_id, { intervalMs: 20 });
      },
    ],
  ];

  it.each(cases)('%s', async (name, call) => {
    const error = await thrown(call);
    expect(error.name).toBe(name);
    expectNoSecret(error);
  });
});

describe('no secret in any error', () => {
  it('signature failure with a canary SK and security token', async () => {
    const client = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: akSk({ ak: h.ak, sk: CANARY.sk, securityToken: CANARY.securityToken }),
    });
    expectNoSecret(await thrown(() => rootReset(client)));
  });

  it('IAM refusing a canary password, and a refused static token', async () => {
    const withPassword = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: iamToken({
        userName: h.iamUser.name,
        password: CANARY.iamPassword,
        domainName: h.domainName,
        iamEndpoint: emulator.current.url,
      }),
    });
    expectNoSecret(await thrown(() => rootReset(withPassword)));
    const withToken = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: iamToken({ token: CANARY.staticToken }),
    });
    expectNoSecret(await thrown(() => rootReset(withToken)));
  });

  it('an issued token that the service later refuses', async () => {
    const issued: string[] = [];
    const client = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: iamToken({
        userName: h.iamUser.name,
        password: h.iamUser.password,
        domainName: h.domainName,
        iamEndpoint: emulator.current.url,
      }),
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const token = response.headers.get('x-subject-token');
        if (token) issued.push(token);
        return response;
      },
    });
    emulator.current.injectFault({ operationId: 'ResetGaussMySqlPassword', status: 500, times: 10 });
    expectNoSecret(await thrown(() => rootReset(client)), issued);
    expect(issued.length).toBe(1);
  });

  it('Digest failure with a canary secret (and the digest responses it sent)', async () => {
    const responses: string[] = [];
    const client = createOceanBaseClient({
      endpoint: emulator.current.url,
      projectId: o.projectId,
      auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: CANARY.obSecret }),
      fetch: async (input, init) => {
        const authorization = new Headers(init?.headers).get('authorization');
        const match = authorization && /response="([0-9a-f]+)"/.exec(authorization);
        if (match) responses.push(match[1]!);
        return fetch(input, init);
      },
    });
    const error = await thrown(() =>
      client.modifyTenantUserPassword({
        instanceId: o.instanceId,
        tenantId: o.tenantId,
        userName: o.users[0],
        body: { userPassword: `${CANARY.password}!` },
      }),
    );
    expect(responses.length).toBe(1);
    expectNoSecret(error, responses);
  });

  it('validation failures, server rejections, network errors and aborts with a canary password', async () => {
    const client = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: akSk({ ak: h.ak, sk: CANARY.sk }),
    });
    expectNoSecret(await thrown(() => rootReset(client, `${CANARY.password}\u00e9`)));
    const good = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: akSk({ ak: h.ak, sk: h.sk }),
    });
    expectNoSecret(
      await thrown(() =>
        good.resetGaussMySqlDatabasePassword({
          instance_id: h.instances.taurusdb.id,
          body: { users: [{ name: 'nobody', host: '%', password: CANARY.password }] },
        }),
      ),
    );
    const closed = createTaurusDbClient({
      endpoint: `http://127.0.0.1:${await freePort()}`,
      projectId: h.projectId,
      retry: { baseDelayMs: 1 },
      auth: akSk({ ak: h.ak, sk: CANARY.sk }),
    });
    const network = await thrown(() => rootReset(closed));
    expect(network.name).toBe('NetworkError');
    expectNoSecret(network);
    const aborted = await thrown(() =>
      good.resetGaussMySqlPassword(
        { instance_id: h.instances.taurusdb.id, body: { password: CANARY.password } },
        { signal: AbortSignal.abort() },
      ),
    );
    expect(aborted.name).toBe('TimeoutError');
    expectNoSecret(aborted);
  });

  it('the auth objects keep their secrets out of sight', () => {
    for (const auth of [
      akSk({ ak: h.ak, sk: CANARY.sk, securityToken: CANARY.securityToken }),
      iamToken({ token: CANARY.staticToken }),
      oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: CANARY.obSecret }),
    ]) {
      const text = `${JSON.stringify(auth)}${inspect(auth, { depth: Infinity, showHidden: true })}`;
      for (const secret of Object.values(CANARY)) expect(text).not.toContain(secret);
    }
  });
});

// Rotation: every password a run generates, stores or tries, and every credential it holds, is a canary. A careless
// verifier and store echo whatever they were given in their errors; nothing may reach an event, a result, an audit
// line or the CLI's output.
describe('rotation: no secret in events, results, audit lines or store errors', () => {
  const CHECKER = Symbol.for('dbpass.canary.checker');
  const STAGES: Stage[] = ['CURRENT', 'PENDING', 'PREVIOUS'];
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    delete (globalThis as Record<symbol, unknown>)[CHECKER];
  });

  const emulatorAccount = (ref: AccountRef): EmulatorAccount =>
    ref.cloud === 'oceanbase'
      ? { cloud: 'oceanbase', instanceId: ref.instanceId, tenantId: ref.tenantId!, userName: ref.userName }
      : ref.kind === 'taurusdb-root'
        ? { cloud: 'huawei', instanceId: ref.instanceId }
        : {
            cloud: 'huawei',
            instanceId: ref.instanceId,
            userName: ref.userName,
            ...(ref.host ? { host: ref.host } : {}),
          };

  /** Answers from the emulator's state; for OceanBase, fails like a driver that prints every password it was given. */
  /**
   * Answers from the emulator's state; once OceanBase's new password works, fails like a driver that prints every
   * password it was ever given.
   */
  function carelessChecker(): LoginChecker & { seen: Set<string>; echoed: string[] } {
    const checker = {
      seen: new Set<string>(),
      echoed: [] as string[],
      async tryLogin(ref: AccountRef, password: string) {
        checker.seen.add(password);
        const accepted = emulator.current.state.checkPassword(emulatorAccount(ref), password);
        if (ref.cloud === 'oceanbase' && accepted) {
          const message = `driver: handshake failed for ${ref.userName}; passwords tried: ${[...checker.seen].join(', ')}`;
          checker.echoed.push(message);
          throw new Error(message);
        }
        return accepted ? 'accepted' : 'refused';
      },
    };
    return checker;
  }

  const planYaml = (store: string, extra = '') => `version: 1
store: ${store}
${extra}connections:
  hw: { cloud: huawei, endpoint: "${emulator.current.url}", projectId: ${h.projectId}, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
  hw2: { cloud: huawei, endpoint: "${emulator.current.url}", projectId: ${h.projectId}, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
  hw3: { cloud: huawei, endpoint: "${emulator.current.url}", projectId: ${h.projectId}, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
  ob: { cloud: oceanbase, endpoint: "${emulator.current.url}", projectId: ${o.projectId}, credentials: { accessKeyIdEnv: OB_AK, accessKeySecretEnv: OB_SK } }
targets:
  - name: app
    kind: taurusdb-db-users
    connection: hw
    instanceId: ${h.instances.taurusdb.id}
    verify: { by: login, address: "127.0.0.1:3306" }
    users: [${h.dbUsers.map((user) => `{ user: ${user.name}, host: "${user.host}" }`).join(', ')}]
  - { name: sr, kind: starrocks, connection: hw2, instanceId: ${h.instances.starrocks.id}, user: ${h.starrocksUsers[0]}, verify: { by: login, address: "127.0.0.1:9030" } }
  - { name: ch, kind: clickhouse, connection: hw3, instanceId: ${h.instances.clickhouse.id}, user: ${h.clickhouseUsers[0]}, verify: { by: login, address: "127.0.0.1:8123" } }
  - { name: ob, kind: oceanbase-tenant-user, connection: ob, instanceId: ${o.instanceId}, tenantId: ${o.tenantId}, user: ${o.users[0]}, verify: { by: login, address: "127.0.0.1:2881" } }
`;
  const cloudEnv = () => ({ HW_AK: h.ak, HW_SK: h.sk, OB_AK: o.accessKeyId, OB_SK: o.accessKeySecret });

  async function storedPasswords(store: SecretStore, ids: readonly string[]): Promise<string[]> {
    const versions = await Promise.all(ids.flatMap((id) => STAGES.map((stage) => store.read(id, stage))));
    return versions.flatMap((version) => (version?.password ? [version.password] : []));
  }

  it('a CLI run with a careless verifier and a failing set leaks nothing to stdout, stderr or the audit log', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-canary-'));
    const storeKey = randomBytes(32).toString('base64');
    const env = { ...cloudEnv(), DBPASS_STORE_KEY: storeKey };
    const verifier = path.join(dir, 'verifier.mjs');
    await writeFile(
      verifier,
      `export const createLoginChecker = () => globalThis[Symbol.for('dbpass.canary.checker')];\n`,
    );
    const planFile = path.join(dir, 'plan.yaml');
    // One group at a time, OceanBase last (groups start by connection, in turn: hw, hw2, hw3, ob): when its driver
    // fails, it has been given every other account's passwords.
    const plan = planYaml(
      '{ file: store.dbpass, keyEnv: DBPASS_STORE_KEY }',
      'audit: audit.log\nverifier: { module: verifier.mjs }\nconcurrency: 1\n',
    );
    await writeFile(planFile, plan);
    const checker = carelessChecker();
    (globalThis as Record<symbol, unknown>)[CHECKER] = checker;
    emulator.current.injectFault({ operationId: 'UpdateClickHouseDatabaseUserPassword', status: 500 });
    const output = { stdout: '', stderr: '' };
    const code = await runCli(['--plan', planFile, '--json', 'rotate', '--init'], {
      stdout: (text) => (output.stdout += text),
      stderr: (text) => (output.stderr += text),
      env,
      isTTY: false,
    });

    expect(code).toBe(2);
    const store = await FileStore.open({ path: path.join(dir, 'store.dbpass'), key: { env: 'DBPASS_STORE_KEY' }, env });
    const ids = expandTargets(parsePlan(plan, 'plan', dir)).map((account) => account.ref.id);
    const stored = await storedPasswords(store, ids);
    // The canary was planted: the driver's message held every password stored for the accounts.
    expect(stored.length).toBeGreaterThanOrEqual(ids.length);
    for (const password of stored) expect(checker.echoed.join('\n')).toContain(password);
    const passwords = [...stored, ...checker.seen];
    const audit = await readFile(path.join(dir, 'audit.log'), 'utf8');
    expect(audit).toMatch(/"account":"ob".*"outcome":"failed".*passwords tried: \[REDACTED\]/);
    const shown = [audit, output.stdout, output.stderr].join('\n');
    for (const secret of [...passwords, storeKey, h.sk, o.accessKeySecret]) expect(shown).not.toContain(secret);
  });

  it("a store failing with passwords in its messages leaks none into the library's events and results", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-canary-'));
    const env = { ...cloudEnv(), DBPASS_STORE_KEY: randomBytes(32).toString('base64') };
    const plan = parsePlan(planYaml('{ file: store.dbpass, keyEnv: DBPASS_STORE_KEY }'), 'plan', dir);
    const file = await FileStore.open({ path: path.join(dir, 'store.dbpass'), key: { env: 'DBPASS_STORE_KEY' }, env });
    const written: string[] = [];
    const failing: SecretStore = {
      lock: (options) => file.lock(options),
      lockHolder: () => file.lockHolder(),
      breakLock: () => file.breakLock(),
      read: (id, stage) => file.read(id, stage),
      list: () => file.list(),
      inspect: (id) => file.inspect(id),
      adopt: (id, password, versionId, evidence) => file.adopt(id, password, versionId, evidence),
      putPending: (id, password, versionId) => {
        written.push(password);
        return file.putPending(id, password, versionId);
      },
      note: () => Promise.reject(new Error(`journal write failed: ${written.join(' ')}`, { cause: { data: written } })),
      promote: (id, versionId, evidence) => file.promote(id, versionId, evidence),
    };
    const events: RotationEvent[] = [];
    const checker = carelessChecker();
    const summary = await rotate({
      plan,
      store: failing,
      checker,
      env,
      init: true,
      setRetryDelaysMs: [10],
      loginRetryDelaysMs: [10],
      onEvent: (event) => events.push(event),
    });

    expect(summary.counts.failed).toBeGreaterThan(0);
    expect(written.length).toBeGreaterThan(1);
    expect(summary.results.some((result) => result.message?.includes('journal write failed: [REDACTED]'))).toBe(true);
    const shown = `${JSON.stringify({ events, summary })}${inspect({ events, summary }, { depth: Number.POSITIVE_INFINITY })}`;
    for (const secret of [...written, ...checker.seen, h.sk, o.accessKeySecret, env.DBPASS_STORE_KEY])
      expect(shown).not.toContain(secret);
  });

  it('a Vault server echoing the token in its errors: the error a run throws holds no token', async () => {
    const token = 'CanaryVaultToken-5e6f7a8b9c';
    server = createServer((request, response) => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.url === '/v1/auth/token/lookup-self') return answer(200, { data: {} });
      if (request.url === '/v1/sys/internal/ui/mounts/secret')
        return answer(200, { data: { type: 'kv', options: { version: '2' } } });
      return answer(500, { errors: [`storage failed for token ${String(request.headers['x-vault-token'])}`] });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env = { ...cloudEnv(), VAULT_TOKEN: token, VAULT_ADDR: address };
    const plan = parsePlan(planYaml('{ vault: { path: dbpass } }'), 'plan', tmpdir());
    const store = await openVaultStore({ address, token, path: 'dbpass' });
    const error = await thrown(() => rotate({ plan, store, checker: carelessChecker(), env, init: true }));
    expect((error as Error).message).toMatch(/storage failed for token \[REDACTED\]/);
    expect(everything(error)).not.toContain(token);
  });
});
