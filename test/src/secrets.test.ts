// Canary secrets: no SK, IAM password, token, AccessKey secret, digest response or account password may
// appear in any error's message, stack, JSON, util.inspect or cause, nor in the auth objects themselves.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { akSk, createTaurusDbClient, DbpassError, iamToken, type TaurusDbClient } from '@dbpass/client-taurusdb';
import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
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
  return [e.message, e.stack, JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true }), inspect(e.cause, { depth: Infinity }), String(e.cause)].join('\n');
}

function expectNoSecret(error: unknown, extra: string[] = []) {
  expect(error).toBeInstanceOf(DbpassError);
  const text = everything(error);
  for (const secret of [...Object.values(CANARY), ...extra]) expect(text).not.toContain(secret);
}

const rootReset = (client: TaurusDbClient, password = CANARY.password) => client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password } });

describe('no secret in any error', () => {
  it('signature failure with a canary SK and security token', async () => {
    const client = createTaurusDbClient({ endpoint: emulator.current.url, projectId: h.projectId, auth: akSk({ ak: h.ak, sk: CANARY.sk, securityToken: CANARY.securityToken }) });
    expectNoSecret(await thrown(() => rootReset(client)));
  });

  it('IAM refusing a canary password, and a refused static token', async () => {
    const withPassword = createTaurusDbClient({ endpoint: emulator.current.url, projectId: h.projectId, auth: iamToken({ userName: h.iamUser.name, password: CANARY.iamPassword, domainName: h.domainName, iamEndpoint: emulator.current.url }) });
    expectNoSecret(await thrown(() => rootReset(withPassword)));
    const withToken = createTaurusDbClient({ endpoint: emulator.current.url, projectId: h.projectId, auth: iamToken({ token: CANARY.staticToken }) });
    expectNoSecret(await thrown(() => rootReset(withToken)));
  });

  it('an issued token that the service later refuses', async () => {
    const issued: string[] = [];
    const client = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: iamToken({ userName: h.iamUser.name, password: h.iamUser.password, domainName: h.domainName, iamEndpoint: emulator.current.url }),
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
    const error = await thrown(() => client.modifyTenantUserPassword({ instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0], body: { userPassword: `${CANARY.password}!` } }));
    expect(responses.length).toBe(1);
    expectNoSecret(error, responses);
  });

  it('validation failures, server rejections, network errors and aborts with a canary password', async () => {
    const client = createTaurusDbClient({ endpoint: emulator.current.url, projectId: h.projectId, auth: akSk({ ak: h.ak, sk: CANARY.sk }) });
    expectNoSecret(await thrown(() => rootReset(client, `${CANARY.password}\u00e9`)));
    const good = createTaurusDbClient({ endpoint: emulator.current.url, projectId: h.projectId, auth: akSk({ ak: h.ak, sk: h.sk }) });
    expectNoSecret(await thrown(() => good.resetGaussMySqlDatabasePassword({ instance_id: h.instances.taurusdb.id, body: { users: [{ name: 'nobody', host: '%', password: CANARY.password }] } })));
    const closed = createTaurusDbClient({ endpoint: `http://127.0.0.1:${await freePort()}`, projectId: h.projectId, retry: { baseDelayMs: 1 }, auth: akSk({ ak: h.ak, sk: CANARY.sk }) });
    const network = await thrown(() => rootReset(closed));
    expect(network.name).toBe('NetworkError');
    expectNoSecret(network);
    const aborted = await thrown(() => good.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: CANARY.password } }, { signal: AbortSignal.abort() }));
    expect(aborted.name).toBe('TimeoutError');
    expectNoSecret(aborted);
  });

  it('the auth objects keep their secrets out of sight', () => {
    for (const auth of [akSk({ ak: h.ak, sk: CANARY.sk, securityToken: CANARY.securityToken }), iamToken({ token: CANARY.staticToken }), oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: CANARY.obSecret })]) {
      const text = `${JSON.stringify(auth)}${inspect(auth, { depth: Infinity, showHidden: true })}`;
      for (const secret of Object.values(CANARY)) expect(text).not.toContain(secret);
    }
  });
});
