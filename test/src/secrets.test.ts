// Canary secrets: no SK, IAM password, token, AccessKey secret, digest response or account password may
// appear in any error's message, stack, JSON, util.inspect or cause, nor in the auth objects themselves.
import { inspect } from 'node:util';
import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import {
  akSk,
  createTaurusDbClient,
  DbpassError,
  iamToken,
  type TaurusDbClient,
  waitForJob,
} from '@dbpass/client-taurusdb';
import { describe, expect, it } from 'vitest';
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
