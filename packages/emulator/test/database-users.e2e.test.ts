// TaurusDB database users on the emulator (memory mode), through the generated client over loopback with AK/SK:
// listing users with their databases, creating a twin with another user's privileges and granting databases, each
// in a job of the instance's queue, and the error codes the specs document.
import {
  BadRequestError,
  ConflictError,
  JobFailedError,
  NotFoundError,
  type TaurusDbClient,
} from '@dbpass/client-taurusdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/server.js';
import { h, iamToken, sendHuawei, taurusClient, thrown, waitJob } from './clients.js';

const instance_id = h.instances.taurusdb.id;
const TWIN_PASSWORD = 'Twin_pass-2026';
let emulator: Emulator;
let taurus: TaurusDbClient;

beforeEach(async () => {
  emulator = await startEmulator({ jobVisibleAfterMs: 0, jobDurationMs: 20 });
  taurus = taurusClient(emulator.url);
});

afterEach(async () => {
  await emulator?.stop();
});

const list = async () => (await taurus.listGaussMySqlDatabaseUser({ instance_id })).users;
const databasesOf = async (name: string, host = '%') =>
  (await list()).find((user) => user.name === name && user.host === host)?.databases;
const create = (users: Parameters<TaurusDbClient['createGaussMySqlDatabaseUser']>[0]['body']['users']) =>
  taurus.createGaussMySqlDatabaseUser({ instance_id, body: { users } });

describe('ListGaussMySqlDatabaseUser', () => {
  it('lists the seeded users with their databases, read/write and read-only', async () => {
    expect(await taurus.listGaussMySqlDatabaseUser({ instance_id })).toEqual({
      users: [
        {
          name: 'app_user',
          host: '%',
          databases: [
            { name: 'app_db', readonly: false },
            { name: 'reports', readonly: true },
          ],
        },
        { name: 'report_user', host: '10.10.10.%', databases: [{ name: 'reports', readonly: true }] },
      ],
      total_count: 2,
    });
  });

  it('pages with offset and limit; total_count counts every user', async () => {
    const page = await taurus.listGaussMySqlDatabaseUser({ instance_id, offset: 1, limit: 1 });
    expect(page.users.map((user) => user.name)).toEqual(['report_user']);
    expect(page.total_count).toBe(2);
    expect((await taurus.listGaussMySqlDatabaseUser({ instance_id, offset: 2 })).users).toEqual([]);
  });

  it('gives fleet users one database each, alternating read/write and read-only', async () => {
    const fleet = await startEmulator({ fleet: { taurusInstances: 1, usersPerInstance: 3 } });
    try {
      const { users } = await taurusClient(fleet.url).listGaussMySqlDatabaseUser({
        instance_id: `${'f1ee700001'.padEnd(32, '0')}in07`,
      });
      expect(users.map((user) => [user.name, user.databases])).toEqual([
        ['fleet_user_001', [{ name: 'app_db', readonly: false }]],
        ['fleet_user_002', [{ name: 'app_db', readonly: true }]],
        ['fleet_user_003', [{ name: 'app_db', readonly: false }]],
      ]);
    } finally {
      await fleet.stop();
    }
  });
});

describe('CreateGaussMySqlDatabaseUser', () => {
  it("creates a twin with app_user's databases in a job: listed once the job completes, with the same grants", async () => {
    const original = await databasesOf('app_user');
    const { job_id } = await create([
      { name: 'app_user_clone', password: TWIN_PASSWORD, hosts: ['%'], databases: original!, comment: 'twin' },
    ]);
    expect(job_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.requests.at(-1)).toMatchObject({ operationId: 'CreateGaussMySqlDatabaseUser', status: 201 });
    const job = await waitJob(taurus, job_id);
    expect(job).toMatchObject({ status: 'Completed', name: 'CreateDatabaseUser' });
    const twin = (await list()).find((user) => user.name === 'app_user_clone');
    expect(twin).toEqual({ name: 'app_user_clone', host: '%', comment: 'twin', databases: original });
    expect(
      emulator.state.checkPassword(
        { cloud: 'huawei', instanceId: instance_id, userName: 'app_user_clone', host: '%' },
        TWIN_PASSWORD,
      ),
    ).toBe(true);
    // Creating a user sets its password once.
    expect(emulator.state.applications.get(`huawei/${instance_id}/app_user_clone@%`)).toBe(1);
  });

  it('is not listed while its job runs', async () => {
    const slow = await startEmulator({ jobVisibleAfterMs: 0, jobDurationMs: 60_000 });
    try {
      const client = taurusClient(slow.url);
      await client.createGaussMySqlDatabaseUser({
        instance_id,
        body: { users: [{ name: 'app_user_clone', password: TWIN_PASSWORD }] },
      });
      const { users } = await client.listGaussMySqlDatabaseUser({ instance_id });
      expect(users.map((user) => user.name)).toEqual(['app_user', 'report_user']);
    } finally {
      await slow.stop();
    }
  });

  it('makes an account per host (`%` when none is given), without databases when none are given', async () => {
    await waitJob(taurus, (await create([{ name: 'twin_a', password: TWIN_PASSWORD }])).job_id);
    await waitJob(
      taurus,
      (await create([{ name: 'twin_b', password: TWIN_PASSWORD, hosts: ['10.0.0.%', '127.0.0.1,192.168.1.%'] }]))
        .job_id,
    );
    const made = (await list()).filter((user) => user.name.startsWith('twin_'));
    expect(made).toEqual([
      { name: 'twin_a', host: '%', databases: [] },
      { name: 'twin_b', host: '10.0.0.%', databases: [] },
      { name: 'twin_b', host: '127.0.0.1', databases: [] },
      { name: 'twin_b', host: '192.168.1.%', databases: [] },
    ]);
  });

  type NewUsers = Parameters<typeof create>[0];
  it.each<[string, NewUsers, number, string, typeof ConflictError]>([
    [
      'an existing user: 409 DBS.200827',
      [{ name: 'app_user', password: TWIN_PASSWORD }],
      409,
      'DBS.200827',
      ConflictError,
    ],
    ['root: 409 DBS.200828', [{ name: 'root', password: TWIN_PASSWORD }], 409, 'DBS.200828', BadRequestError],
    [
      'a system account: 409 DBS.200828',
      [{ name: 'rdsAdmin', password: TWIN_PASSWORD }],
      409,
      'DBS.200828',
      BadRequestError,
    ],
    [
      'a database the instance does not have: 400 DBS.200823',
      [{ name: 'twin', password: TWIN_PASSWORD, databases: [{ name: 'nowhere', readonly: true }] }],
      400,
      'DBS.200823',
      NotFoundError,
    ],
  ])('refuses %s, and starts no job', async (_what, users, status, code, ErrorClass) => {
    const error = await thrown(() => create(users));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ code, $metadata: { httpStatusCode: status } });
    expect(emulator.state.jobs.size).toBe(0);
  });

  it.each([
    [
      'the user name reversed as password: 400 DBS.05000007',
      [{ name: 'Abc_123x', password: 'x321_cbA' }],
      'DBS.05000007',
    ],
    ['the user name as password: 400 DBS.05000006', [{ name: 'Abc_123x', password: 'Abc_123x' }], 'DBS.05000006'],
    ['two classes only: 400 DBS.280001', [{ name: 'twin', password: 'alllowercase1' }], 'DBS.280001'],
    [
      'a user twice: 400 DBS.280001',
      [
        { name: 'twin', password: TWIN_PASSWORD },
        { name: 'twin', password: TWIN_PASSWORD },
      ],
      'DBS.280001',
    ],
  ])('refuses %s (sent past the client, which refuses it too)', async (_what, users, code) => {
    const answer = await sendHuawei(
      emulator.url,
      await iamToken(emulator.url),
      'POST',
      `/instances/${instance_id}/db-users`,
      {
        users,
      },
    );
    expect(answer).toMatchObject({ status: 400, body: { error_code: code } });
    expect(emulator.state.jobs.size).toBe(0);
  });

  it('a second create of a user whose job has not completed is accepted, and its job fails', async () => {
    const queued = await startEmulator({ jobVisibleAfterMs: 0, jobDurationMs: 100 });
    try {
      const client = taurusClient(queued.url);
      const body = { users: [{ name: 'app_user_clone', password: TWIN_PASSWORD }] };
      const first = await client.createGaussMySqlDatabaseUser({ instance_id, body });
      const second = await client.createGaussMySqlDatabaseUser({ instance_id, body });
      await waitJob(client, first.job_id);
      const error = await thrown(() => waitJob(client, second.job_id));
      expect(error).toBeInstanceOf(JobFailedError);
      expect(error.message).toMatch(/already exists/);
      const { users } = await client.listGaussMySqlDatabaseUser({ instance_id });
      expect(users.filter((user) => user.name === 'app_user_clone')).toHaveLength(1);
    } finally {
      await queued.stop();
    }
  });

  it('a second create failing part-way (partial-batch) neither makes the user again nor takes it away', async () => {
    const queued = await startEmulator({ jobVisibleAfterMs: 0, jobDurationMs: 100 });
    try {
      const client = taurusClient(queued.url);
      const create = (password: string) =>
        client.createGaussMySqlDatabaseUser({ instance_id, body: { users: [{ name: 'app_user_clone', password }] } });
      const first = await create(TWIN_PASSWORD);
      queued.injectFault({ kind: 'partial-batch', operationId: 'CreateGaussMySqlDatabaseUser' });
      const second = await create('Other_pass-2026');
      await waitJob(client, first.job_id);
      expect(await thrown(() => waitJob(client, second.job_id))).toBeInstanceOf(JobFailedError);
      const { users } = await client.listGaussMySqlDatabaseUser({ instance_id });
      expect(users.filter((user) => user.name === 'app_user_clone')).toHaveLength(1);
      const clone = { cloud: 'huawei', instanceId: instance_id, userName: 'app_user_clone', host: '%' } as const;
      expect(queued.state.checkPassword(clone, TWIN_PASSWORD)).toBe(true);
    } finally {
      await queued.stop();
    }
  });

  it('runs in the instance queue behind an earlier job', async () => {
    const reset = await taurus.resetGaussMySqlDatabasePassword({
      instance_id,
      body: { users: [{ name: 'app_user', host: '%', password: 'Queue_pass-2026' }] },
    });
    const created = await create([{ name: 'app_user_clone', password: TWIN_PASSWORD }]);
    expect(emulator.state.jobs.get(created.job_id)!.endsAt).toBeGreaterThanOrEqual(
      emulator.state.jobs.get(reset.job_id)!.endsAt,
    );
    await waitJob(taurus, created.job_id);
  });
});

describe('AddDatabasePermission', () => {
  it('grants databases in a job; a later grant of a database replaces its level; others are kept', async () => {
    const grant = async (databases: Array<{ name: string; readonly: boolean }>) => {
      const { job_id } = await taurus.addDatabasePermission({
        instance_id,
        body: { users: [{ name: 'report_user', host: '10.10.10.%', databases }] },
      });
      expect(emulator.requests.at(-1)).toMatchObject({ operationId: 'AddDatabasePermission', status: 201 });
      expect(await waitJob(taurus, job_id)).toMatchObject({ status: 'Completed', name: 'AddDatabasePermission' });
    };
    await grant([{ name: 'app_db', readonly: true }]);
    expect(await databasesOf('report_user', '10.10.10.%')).toEqual([
      { name: 'app_db', readonly: true },
      { name: 'reports', readonly: true },
    ]);
    await grant([{ name: 'reports', readonly: false }]);
    expect(await databasesOf('report_user', '10.10.10.%')).toEqual([
      { name: 'app_db', readonly: true },
      { name: 'reports', readonly: false },
    ]);
    // Nothing about passwords changed.
    expect(emulator.state.applications.size).toBe(0);
  });

  it.each([
    [
      'an unknown user: 400 DBS.200824',
      { name: 'nobody', host: '%', databases: [{ name: 'app_db', readonly: true }] },
      'DBS.200824',
    ],
    [
      'a user at another host: 400 DBS.200824',
      { name: 'app_user', host: '10.0.0.1', databases: [{ name: 'app_db', readonly: true }] },
      'DBS.200824',
    ],
    [
      'an unknown database: 400 DBS.200823',
      { name: 'app_user', host: '%', databases: [{ name: 'nowhere', readonly: true }] },
      'DBS.200823',
    ],
  ])('refuses %s', async (_what, user, code) => {
    const error = await thrown(() => taurus.addDatabasePermission({ instance_id, body: { users: [user] } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code, $metadata: { httpStatusCode: 400 } });
    expect(emulator.state.jobs.size).toBe(0);
  });
});
