// The db-user job faults the crash suites inject, through the generated client over loopback with AK/SK: a slow
// job runs for the latency it was given, a batch applied in part changes its first half and reports Failed, and a
// fault meant for another operation never fires on this one.
import { akSk, createTaurusDbClient, JobFailedError, type TaurusDbClient, waitForJob } from '@dbpass/client-taurusdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
