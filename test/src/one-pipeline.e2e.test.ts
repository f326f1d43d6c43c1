// One pipeline (issue 15): the raw openapi-fetch entry, a user's own openapi-fetch client and the typed
// methods share the operation table's semantics, against the emulator over real HTTP.

import { type paths as OceanBasePaths, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { createOceanBaseAuthMiddleware } from '@dbpass/client-oceanbase/raw';
import {
  akSk,
  createTaurusDbClient,
  type FetchFunction,
  OutcomeUnknownError,
  type paths,
  type RetryPolicy,
  TimeoutError,
} from '@dbpass/client-taurusdb';
import {
  createTaurusDbAuthMiddleware,
  createTaurusDbFetch,
  createTaurusDbRawClient,
} from '@dbpass/client-taurusdb/raw';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { FAST_RETRIES, h, o, useEmulator } from './setup.js';

const emulator = useEmulator();
const [dbUser] = h.dbUsers;
const DB_USERS = '/v3/{project_id}/instances/{instance_id}/db-users/password' as const;
const STARROCKS = '/v3/{project_id}/instances/{instance_id}/starrocks/users/password' as const;
const pathParams = (instance: string) => ({ project_id: h.projectId, instance_id: instance });
const sent = (from: number) => emulator.current.requests.slice(from).map((request) => request.status);
const jobsFor = (password: string) =>
  [...emulator.current.state.jobs.values()].filter((job) =>
    job.changes.some((change) => emulator.current.state.checkStored(change.password, password)),
  ).length;
const options = (retry: Partial<RetryPolicy> = FAST_RETRIES) => ({
  endpoint: emulator.current.url,
  projectId: h.projectId,
  retry,
  auth: akSk({ ak: h.ak, sk: h.sk }),
});

describe('the raw client takes its semantics from the operation table', () => {
  it('a 502 on the database-user job (not idempotent) ends in OutcomeUnknownError naming the instance, with no second request and no job', async () => {
    emulator.current.injectFault({ operationId: 'ResetGaussMySqlDatabasePassword', status: 502 });
    const before = emulator.current.requests.length;
    const password = 'Raw_502_once1';
    const error = await createTaurusDbRawClient(options())
      .PUT(DB_USERS, {
        params: { path: pathParams(h.instances.taurusdb.id) },
        body: { users: [{ name: dbUser!.name, host: dbUser!.host, password }] },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).operation).toBe('ResetGaussMySqlDatabasePassword');
    expect((error as OutcomeUnknownError).check).toMatchObject({
      operation: 'ResetGaussMySqlDatabasePassword',
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ name: dbUser!.name, host: dbUser!.host }] },
    });
    expect(JSON.stringify(error)).not.toContain(password);
    expect(sent(before)).toEqual([502]);
    expect(jobsFor(password)).toBe(0);
  });

  it("a caller's abort during the backoff stops the call: no second attempt", async () => {
    // Retry-After sets the least wait: full-jitter backoff alone may draw one shorter than the abort's 300 ms.
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', status: 503, retryAfter: '10' });
    const before = emulator.current.requests.length;
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const error = await createTaurusDbRawClient(options({ baseDelayMs: 10_000, maxDelayMs: 10_000 }))
      .PUT(STARROCKS, {
        params: { path: pathParams(h.instances.starrocks.id) },
        body: { user_name: h.starrocksUsers[0]!, password: 'Raw_abort_pw1' },
        signal: controller.signal,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('Aborted');
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent(before)).toEqual([503]);
  });

  it('a typed call and a raw call of the same input put the same bytes on the wire', async () => {
    const seen: Array<{ method: string; url: string; body: string }> = [];
    const recording: FetchFunction = async (input, init) => {
      seen.push({
        method: String(init?.method),
        url: String(input),
        body: new TextDecoder().decode(init?.body as Uint8Array),
      });
      return fetch(input, init);
    };
    const body = { user_name: h.starrocksUsers[0]!, password: 'Same_bytes_pw1' };
    await createTaurusDbClient({ ...options(), fetch: recording }).updateStarRocksDatabaseUserPassword({
      instance_id: h.instances.starrocks.id,
      body,
    });
    await createTaurusDbRawClient({ ...options(), fetch: recording }).PUT(STARROCKS, {
      params: { path: pathParams(h.instances.starrocks.id) },
      body,
    });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
  });
});

describe("a user's own openapi-fetch client", () => {
  it('with dbpass transport as `fetch`: signed per attempt, retried where safe', async () => {
    let signatures = 0;
    const auth = akSk({
      ak: h.ak,
      sk: h.sk,
      now: () => {
        signatures++;
        return new Date();
      },
    });
    const client = createClient<paths>({
      baseUrl: emulator.current.url,
      fetch: createTaurusDbFetch({ endpoint: emulator.current.url, projectId: h.projectId, retry: FAST_RETRIES, auth }),
    });
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', status: 429 });
    const before = emulator.current.requests.length;
    const { data, response } = await client.PUT(STARROCKS, {
      params: { path: pathParams(h.instances.starrocks.id) },
      body: { user_name: h.starrocksUsers[0]!, password: 'Own_fetch_pw1' },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ result: 'SUCCESS' });
    expect(sent(before)).toEqual([429, 200]);
    expect(signatures).toBe(2);
  });

  it('with dbpass auth as one middleware (AK/SK)', async () => {
    const client = createClient<paths>({ baseUrl: emulator.current.url });
    client.use(createTaurusDbAuthMiddleware({ projectId: h.projectId, auth: akSk({ ak: h.ak, sk: h.sk }) }));
    const { data, response } = await client.PUT(STARROCKS, {
      params: { path: pathParams(h.instances.starrocks.id) },
      body: { user_name: h.starrocksUsers[0]!, password: 'Own_mw_pw_1' },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ result: 'SUCCESS' });
    expect(
      emulator.current.state.checkPassword(
        { cloud: 'huawei', instanceId: h.instances.starrocks.id, userName: h.starrocksUsers[0]! },
        'Own_mw_pw_1',
      ),
    ).toBe(true);
  });

  it('with dbpass auth as one middleware (Digest: the challenge is answered)', async () => {
    const client = createClient<OceanBasePaths>({ baseUrl: emulator.current.url });
    client.use(
      createOceanBaseAuthMiddleware({
        auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
      }),
    );
    const { data, response } = await client.PUT(
      '/api/v2/instances/{instanceId}/tenants/{tenantId}/tenantUsers/{userName}/password',
      {
        params: {
          path: { instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0]! },
          query: { requestId: crypto.randomUUID() },
          header: { 'X-Ob-Project-Id': o.projectId },
        },
        body: { userPassword: 'Own_Digest_pw1!' },
      },
    );
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ success: true });
  });
});
