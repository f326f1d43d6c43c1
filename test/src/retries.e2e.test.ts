// Retries, deadlines and outcome-unknown against the emulator's injected faults: what is retried, what
// never is, and what a caller gets when repeating would not be safe.

import {
  AuthenticationError,
  akSk,
  BadRequestError,
  changeDatabaseUserPasswordsAndWait,
  createTaurusDbClient,
  JobFailedError,
  OutcomeUnknownError,
  PermissionError,
  type RetryPolicy,
  ServerError,
  ThrottlingError,
  TimeoutError,
} from '@dbpass/client-taurusdb';
import { describe, expect, it } from 'vitest';
import { FAST_RETRIES, h, o, taurusWithAkSk, thrown, useEmulator } from './setup.js';

const emulator = useEmulator();
const starrocks = { cloud: 'huawei', instanceId: h.instances.starrocks.id, userName: h.starrocksUsers[0] } as const;
const [dbUser] = h.dbUsers;

function countingClient(options: { retry?: Partial<RetryPolicy>; timeoutMs?: number; attemptTimeoutMs?: number } = {}) {
  let signatures = 0;
  const client = createTaurusDbClient({
    endpoint: emulator.current.url,
    projectId: h.projectId,
    retry: { ...FAST_RETRIES, ...options.retry },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.attemptTimeoutMs ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
    auth: akSk({
      ak: h.ak,
      sk: h.sk,
      now: () => {
        signatures += 1;
        return new Date();
      },
    }),
  });
  return { client, signatures: () => signatures };
}
const changeStarRocks = (client: ReturnType<typeof countingClient>['client'], password: string, callOptions = {}) =>
  client.updateStarRocksDatabaseUserPassword(
    { instance_id: h.instances.starrocks.id, body: { user_name: h.starrocksUsers[0], password } },
    callOptions,
  );
const changeDbUser = (client: ReturnType<typeof countingClient>['client'], password: string) =>
  client.resetGaussMySqlDatabasePassword({
    instance_id: h.instances.taurusdb.id,
    body: { users: [{ name: dbUser!.name, host: dbUser!.host, password }] },
  });
const sent = (from: number) =>
  emulator.current.requests
    .slice(from)
    .map((request) => `${request.status}${request.fault ? ` ${request.fault}` : ''}`);
const jobsFor = (password: string) =>
  [...emulator.current.state.jobs.values()].filter((job) =>
    job.changes.some((change) => emulator.current.state.checkStored(change.password, password)),
  ).length;

describe('retried: the request was not carried out, or repeating it is safe', () => {
  it('429 with Retry-After waits that long, re-signs, then succeeds', async () => {
    const { client, signatures } = countingClient();
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', status: 429, retryAfter: '1' });
    const before = emulator.current.requests.length;
    const started = Date.now();
    await expect(changeStarRocks(client, 'Retry_after_1')).resolves.toEqual({ result: 'SUCCESS' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(sent(before)).toEqual(['429 status', '200']);
    expect(signatures()).toBe(2);
  });

  it.each([
    ['429 without Retry-After', { status: 429 }],
    ['409 busy (DBS.200011)', { status: 409 }],
    ['503', { status: 503 }],
    ['500 (idempotent operation)', { status: 500 }],
    ['a connection reset before processing', { kind: 'reset-before' }],
    ['a connection reset after processing', { kind: 'reset-after' }],
    ['a truncated body', { kind: 'truncated' }],
    ['a body that is not JSON', { kind: 'non-json' }],
  ] as const)('%s', async (_, fault) => {
    const { client } = countingClient();
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', ...fault });
    const before = emulator.current.requests.length;
    await expect(changeStarRocks(client, 'Retried_pw_1')).resolves.toEqual({ result: 'SUCCESS' });
    expect(sent(before)).toHaveLength(2);
    expect(emulator.current.state.checkPassword(starrocks, 'Retried_pw_1')).toBe(true);
  });

  it('the database-user job is retried only on answers that say it was not started (429, 409 busy, 503)', async () => {
    const { client } = countingClient();
    for (const status of [429, 409, 503] as const) {
      emulator.current.injectFault({ operationId: 'ResetGaussMySqlDatabasePassword', status });
      const password = `Job_retry_${status}x`;
      const { job_id } = await changeDbUser(client, password);
      expect(job_id).toBeTruthy();
      expect(jobsFor(password)).toBe(1);
    }
  });
});

describe('never retried', () => {
  it('400, 401, 403 and 500 on the non-idempotent job: one request each, the typed error', async () => {
    const { client } = countingClient();
    const before = emulator.current.requests.length;
    const cases = [
      [400, 'DBS.280001', BadRequestError],
      [401, 'APIGW.0301', AuthenticationError],
      [403, 'DBS.200010', PermissionError],
      [500, 'DBS.108000', ServerError],
    ] as const;
    for (const [status, code, ErrorClass] of cases) {
      emulator.current.injectFault({ operationId: 'ResetGaussMySqlDatabasePassword', status, code });
      expect(await thrown(() => changeDbUser(client, `Never_again_${status}`))).toBeInstanceOf(ErrorClass);
    }
    expect(sent(before)).toEqual(['400 status', '401 status', '403 status', '500 status']);
  });

  it('401 and 403 on an idempotent operation are not retried either', async () => {
    const { client } = countingClient();
    const before = emulator.current.requests.length;
    for (const [status, code] of [
      [401, 'APIGW.0301'],
      [403, 'DBS.200010'],
    ] as const) {
      emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', status, code });
      await thrown(() => changeStarRocks(client, `Never_again_${status}`));
    }
    expect(sent(before)).toEqual(['401 status', '403 status']);
  });
});

describe('outcome unknown: repeating could start a second job', () => {
  it.each([
    ['reset after processing', 'reset-after', 1],
    ['truncated answer', 'truncated', 1],
    ['reset before processing (the client cannot tell)', 'reset-before', 0],
    ['gateway timeout', 504, 1],
  ] as const)('%s: one request, OutcomeUnknownError with what to check and no password', async (_, fault, jobs) => {
    const { client } = countingClient();
    emulator.current.injectFault({
      operationId: 'ResetGaussMySqlDatabasePassword',
      ...(typeof fault === 'number' ? { status: fault } : { kind: fault }),
    });
    const before = emulator.current.requests.length;
    const password = `Unknown_${String(fault).replace('-', '_')}_1`;
    const error = await thrown(() => changeDbUser(client, password));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.check).toMatchObject({
      operation: 'ResetGaussMySqlDatabasePassword',
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ name: dbUser!.name, host: dbUser!.host }] },
    });
    expect(JSON.stringify(error)).not.toContain(password);
    expect(emulator.current.requests.length - before).toBe(1);
    // 504 here is an injected answer without processing; the client cannot know that.
    expect(jobsFor(password)).toBe(typeof fault === 'number' ? 0 : jobs);
  });

  it('a failure after an attempt that may have been applied is reported as unknown, not as failed', async () => {
    const { client } = countingClient({ retry: { maxAttempts: 2 } });
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', kind: 'reset-after' });
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', status: 500 });
    const error = await thrown(() => changeStarRocks(client, 'Maybe_applied1'));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(emulator.current.state.checkPassword(starrocks, 'Maybe_applied1')).toBe(true);
  });
});

describe('deadlines and cancellation', () => {
  it('gives up at once when Retry-After would pass the deadline: nothing is sent after it', async () => {
    const { client } = countingClient();
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', status: 429, retryAfter: '30' });
    const before = emulator.current.requests.length;
    const started = Date.now();
    const error = await thrown(() => changeStarRocks(client, 'Deadline_pw1', { timeoutMs: 2_000 }));
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(emulator.current.requests.length - before).toBe(1);
  });

  it('an attempt that outlives the deadline is aborted, and its outcome is unknown', async () => {
    const { client } = countingClient();
    emulator.current.injectFault({
      operationId: 'UpdateStarRocksDatabaseUserPassword',
      kind: 'latency',
      latencyMs: 1_500,
    });
    const started = Date.now();
    const error = await thrown(() => changeStarRocks(client, 'Slow_answer_1', { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('per-attempt timeouts retry an idempotent call within the deadline', async () => {
    const { client } = countingClient({ attemptTimeoutMs: 200 });
    emulator.current.injectFault({
      operationId: 'UpdateStarRocksDatabaseUserPassword',
      kind: 'latency',
      latencyMs: 600,
    });
    await expect(changeStarRocks(client, 'Attempt_tmo_1', { timeoutMs: 5_000 })).resolves.toEqual({
      result: 'SUCCESS',
    });
  });

  it('a Digest challenge answered after the deadline does not put a second request on the wire', async () => {
    const { createOceanBaseClient, oceanbaseDigest } = await import('@dbpass/client-oceanbase');
    const sent: number[] = [];
    const client = createOceanBaseClient({
      endpoint: emulator.current.url,
      projectId: o.projectId,
      auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
      fetch: async (input, init) => {
        sent.push(Date.now());
        const response = await fetch(input, init);
        // The challenge arrives after the call's deadline has passed (the first answer itself well within it,
        // even on a loaded machine).
        if (response.status === 401) await new Promise((resolve) => setTimeout(resolve, 1_000));
        return response;
      },
    });
    const started = Date.now();
    const error = await thrown(() =>
      client.modifyTenantUserPassword(
        {
          instanceId: o.instanceId,
          tenantId: o.tenantId,
          userName: o.users[0],
          body: { userPassword: 'Late_answer_1!' },
        },
        { timeoutMs: 500 },
      ),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.code).toBe('DeadlineExceeded');
    expect(sent).toHaveLength(1);
    expect(sent.every((at) => at <= started + 500)).toBe(true);
  });

  it("the caller's signal cancels a retry that is waiting", async () => {
    // ClickHouse: no other test here leaves a slow request of this operation in flight.
    const { client } = countingClient({ retry: { baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    emulator.current.injectFault({ operationId: 'UpdateClickHouseDatabaseUserPassword', status: 503, retryAfter: '5' });
    const started = Date.now();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await thrown(() =>
      client.updateClickHouseDatabaseUserPassword(
        {
          instance_id: h.instances.clickhouse.id,
          body: { user_name: h.clickhouseUsers[0], password: 'Cancelled_pw1' },
        },
        { signal: controller.signal },
      ),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.code).toBe('Aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      emulator.current.requests.filter(
        (request) => request.operationId === 'UpdateClickHouseDatabaseUserPassword' && request.at >= started,
      ),
    ).toHaveLength(1);
  });
});

describe('changeDatabaseUserPasswordsAndWait', () => {
  it('returns the completed job, and throws JobFailedError for a failed one', async () => {
    const client = taurusWithAkSk(emulator.current);
    const input = {
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ name: dbUser!.name, host: dbUser!.host, password: 'And_wait_pw1' }] },
    };
    const job = await changeDatabaseUserPasswordsAndWait(client, input, { intervalMs: 20 });
    expect(job.status).toBe('Completed');
    expect(
      emulator.current.state.checkPassword(
        { cloud: 'huawei', instanceId: h.instances.taurusdb.id, userName: dbUser!.name, host: dbUser!.host },
        'And_wait_pw1',
      ),
    ).toBe(true);
    emulator.current.injectFault({ operationId: 'ResetGaussMySqlDatabasePassword', kind: 'job-fail' });
    expect(
      await thrown(() =>
        changeDatabaseUserPasswordsAndWait(
          client,
          { ...input, body: { users: [{ ...input.body.users[0]!, password: 'And_wait_pw2' }] } },
          { intervalMs: 20 },
        ),
      ),
    ).toBeInstanceOf(JobFailedError);
  });
});
