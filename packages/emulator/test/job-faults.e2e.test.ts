// The db-user job faults the crash suites inject, through the generated client over loopback with AK/SK: a slow
// job runs for the latency it was given, a batch applied in part changes its first half and reports Failed, and a
// fault meant for another operation never fires on this one. The same faults reach the jobs that create users and
// grant databases, and the crash suites' mix draws them for every job operation.
import { akSk, createTaurusDbClient, JobFailedError, type TaurusDbClient, waitForJob } from '@dbpass/client-taurusdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultFaultMix, JOB_KINDS } from '../src/faults.js';
import { seed } from '../src/seed.js';
import { type Emulator, startEmulator } from '../src/server.js';

const h = seed.huawei;
const instanceId = h.instances.taurusdb.id;
const users = [
  { name: 'app_user', host: '%', password: 'Fault_Test_pass1' },
  { name: 'report_user', host: '10.10.10.%', password: 'Fault_Test_pass2' },
];
let emulator: Emulator;
let taurus: TaurusDbClient;

beforeEach(async () => {
  emulator = await startEmulator({ jobVisibleAfterMs: 0, jobDurationMs: 20 });
  taurus = createTaurusDbClient({ endpoint: emulator.url, projectId: h.projectId, auth: akSk({ ak: h.ak, sk: h.sk }) });
});

afterEach(async () => {
  await emulator?.stop();
});

const account = (user: (typeof users)[number]) => ({
  cloud: 'huawei' as const,
  instanceId,
  userName: user.name,
  host: user.host,
});

async function setBoth(): Promise<unknown> {
  const { job_id } = await taurus.resetGaussMySqlDatabasePassword({ instance_id: instanceId, body: { users } });
  try {
    await waitForJob(taurus, job_id, { intervalMs: 10, maxIntervalMs: 20, timeoutMs: 20_000 });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('db-user job faults', () => {
  it('partial-batch: the first half of the users change, the job reports Failed', async () => {
    emulator.injectFault({ kind: 'partial-batch', operationId: 'ResetGaussMySqlDatabasePassword' });
    expect(await setBoth()).toBeInstanceOf(JobFailedError);
    expect(emulator.state.checkPassword(account(users[0]!), users[0]!.password)).toBe(true);
    expect(emulator.state.checkPassword(account(users[1]!), seed.initialPassword)).toBe(true);
  });

  it('slow-job: the job is still running after its usual duration and completes after the latency', async () => {
    emulator.injectFault({ kind: 'slow-job', operationId: 'ResetGaussMySqlDatabasePassword', latencyMs: [400, 400] });
    const { job_id } = await taurus.resetGaussMySqlDatabasePassword({ instance_id: instanceId, body: { users } });
    const job = emulator.state.jobs.get(job_id)!;
    expect(job.endsAt - job.createdAt).toBe(400);
    await waitForJob(taurus, job_id, { intervalMs: 10, maxIntervalMs: 20, timeoutMs: 20_000 });
    for (const user of users) expect(emulator.state.checkPassword(account(user), user.password)).toBe(true);
  });

  it('jobs of one instance run one after another: a slow job never ends after a later one', async () => {
    emulator.injectFault({ kind: 'slow-job', operationId: 'ResetGaussMySqlDatabasePassword', latencyMs: 300 });
    const first = await taurus.resetGaussMySqlDatabasePassword({ instance_id: instanceId, body: { users } });
    const later = users.map((user) => ({ ...user, password: `${user.password}x` }));
    const second = await taurus.resetGaussMySqlDatabasePassword({ instance_id: instanceId, body: { users: later } });
    expect(emulator.state.jobs.get(second.job_id)!.endsAt).toBeGreaterThan(
      emulator.state.jobs.get(first.job_id)!.endsAt,
    );
    await waitForJob(taurus, second.job_id, { intervalMs: 10, maxIntervalMs: 20, timeoutMs: 20_000 });
    for (const user of later) expect(emulator.state.checkPassword(account(user), user.password)).toBe(true);
  });

  it('a oneOf fault for another operation is not drawn for this one', async () => {
    emulator.injectFault({
      probability: 1,
      times: 1,
      oneOf: [{ kind: 'status', status: 500, operationId: 'ResetGaussMySqlRootPassword' }],
    });
    expect(await setBoth()).toBeUndefined();
    expect(emulator.faults.fired).toEqual({});
  });

  it('partial-batch on CreateGaussMySqlDatabaseUser: the first half of the users are created, the job reports Failed', async () => {
    emulator.injectFault({ kind: 'partial-batch', operationId: 'CreateGaussMySqlDatabaseUser' });
    const { job_id } = await taurus.createGaussMySqlDatabaseUser({
      instance_id: instanceId,
      body: {
        users: [
          { name: 'twin_one', password: 'Fault_Test_pass1', databases: [{ name: 'app_db', readonly: true }] },
          { name: 'twin_two', password: 'Fault_Test_pass2' },
        ],
      },
    });
    await expect(waitForJob(taurus, job_id, { intervalMs: 10, maxIntervalMs: 20 })).rejects.toBeInstanceOf(
      JobFailedError,
    );
    const { users: listed } = await taurus.listGaussMySqlDatabaseUser({ instance_id: instanceId });
    expect(listed.filter((user) => user.name.startsWith('twin_'))).toEqual([
      { name: 'twin_one', host: '%', databases: [{ name: 'app_db', readonly: true }] },
    ]);
  });

  it('job-fail on AddDatabasePermission leaves the grants as they were', async () => {
    emulator.injectFault({ kind: 'job-fail', operationId: 'AddDatabasePermission' });
    const { job_id } = await taurus.addDatabasePermission({
      instance_id: instanceId,
      body: { users: [{ name: 'report_user', host: '10.10.10.%', databases: [{ name: 'app_db', readonly: false }] }] },
    });
    await expect(waitForJob(taurus, job_id, { intervalMs: 10, maxIntervalMs: 20 })).rejects.toBeInstanceOf(
      JobFailedError,
    );
    const { users: listed } = await taurus.listGaussMySqlDatabaseUser({ instance_id: instanceId });
    expect(listed.find((user) => user.name === 'report_user')!.databases).toEqual([
      { name: 'reports', readonly: true },
    ]);
  });

  it('a job fault without an operation waits for a request that creates a job', async () => {
    emulator.injectFault({ kind: 'job-fail' });
    await taurus.resetGaussMySqlPassword({ instance_id: instanceId, body: { password: 'Root_Fault_pass1' } });
    expect(emulator.requests.at(-1)!.fault).toBeUndefined();
    const { job_id } = await taurus.createGaussMySqlDatabaseUser({
      instance_id: instanceId,
      body: { users: [{ name: 'twin_one', password: 'Fault_Test_pass1' }] },
    });
    expect(emulator.requests.at(-1)!.fault).toBe('job-fail');
    await expect(waitForJob(taurus, job_id, { intervalMs: 10, maxIntervalMs: 20 })).rejects.toBeInstanceOf(
      JobFailedError,
    );
  });

  it("the crash suites' mix draws job faults for every job operation, and only for them", async () => {
    const mixed = await startEmulator({
      jobVisibleAfterMs: 0,
      jobDurationMs: 20,
      faults: { seed: 5, rules: defaultFaultMix(1) },
    });
    try {
      const client = createTaurusDbClient({
        endpoint: mixed.url,
        projectId: h.projectId,
        retry: { maxAttempts: 1 },
        auth: akSk({ ak: h.ak, sk: h.sk }),
      });
      await client.resetGaussMySqlDatabasePassword({ instance_id: instanceId, body: { users } });
      await client.createGaussMySqlDatabaseUser({
        instance_id: instanceId,
        body: { users: [{ name: 'twin_one', password: 'Fault_Test_pass1' }] },
      });
      await client.addDatabasePermission({
        instance_id: instanceId,
        body: { users: [{ name: 'app_user', host: '%', databases: [{ name: 'app_db', readonly: false }] }] },
      });
      await client.listGaussMySqlDatabaseUser({ instance_id: instanceId }).catch(() => undefined);
      expect(mixed.requests.map((request) => [request.operationId, JOB_KINDS.has(request.fault as never)])).toEqual([
        ['ResetGaussMySqlDatabasePassword', true],
        ['CreateGaussMySqlDatabaseUser', true],
        ['AddDatabasePermission', true],
        ['ListGaussMySqlDatabaseUser', false],
      ]);
      expect(mixed.requests.at(-1)!.fault).toBeDefined();
    } finally {
      await mixed.stop();
    }
  });
});
