// The generated TaurusDB client against the emulator over loopback: every operation, and every documented
// error path (each with the cloud's own code), with AK/SK signing.

import {
  AuthenticationError,
  akSk,
  BadRequestError,
  ConflictError,
  createTaurusDbClient,
  JobFailedError,
  NotFoundError,
  PermissionError,
  ServerError,
  ThrottlingError,
  ValidationError,
  waitForJob,
} from '@dbpass/client-taurusdb';
import { describe, expect, it } from 'vitest';
import { h, NO_RETRIES, taurusRaw, taurusWithAkSk, thrown, useEmulator } from './setup.js';

// A job runs 600 ms here, so a loaded machine still sees it Running between polls.
const emulator = useEmulator({ failingPasswords: ['Fail_job_9x'], jobDurationMs: 600 });
const root = { cloud: 'huawei', instanceId: h.instances.taurusdb.id } as const;
const unknownInstance = '00000000000000000000000000000000in07';

describe('ResetGaussMySqlPassword', () => {
  it('resets the root password (200, empty body)', async () => {
    const client = taurusWithAkSk(emulator.current);
    await expect(
      client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: 'Root_pass_1' } }),
    ).resolves.toEqual({});
    expect(emulator.current.state.checkPassword(root, 'Root_pass_1')).toBe(true);
  });

  it('400 DBS.280203 for a weak password the policy allows', async () => {
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current).resetGaussMySqlPassword({
        instance_id: h.instances.taurusdb.id,
        body: { password: 'Admin@1234' },
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      code: 'DBS.280203',
      operation: 'ResetGaussMySqlPassword',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('404 DBS.200002 for an instance that does not exist', async () => {
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current).resetGaussMySqlPassword({
        instance_id: unknownInstance,
        body: { password: 'Root_pass_2' },
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('DBS.200002');
  });

  it('400 DBS.280404 for a malformed instance id sent through the raw client (the typed method refuses it)', async () => {
    const { error, response } = await taurusRaw(emulator.current).POST(
      '/v3/{project_id}/instances/{instance_id}/password',
      {
        params: { path: { project_id: h.projectId, instance_id: 'short' } },
        body: { password: 'Root_pass_3' },
      },
    );
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ error_code: 'DBS.280404' });
  });

  it('401 APIGW.0301 for a wrong SK, not retried', async () => {
    const before = emulator.current.requests.length;
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current, { sk: 'wrong-secret-key' }).resetGaussMySqlPassword({
        instance_id: h.instances.taurusdb.id,
        body: { password: 'Root_pass_4' },
      }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('APIGW.0301');
    expect(error.message).toMatch(/verify aksk signature fail/);
    expect(emulator.current.requests.length - before).toBe(1);
  });

  it('401 for a signature dated outside the 15-minute window', async () => {
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current, { now: () => new Date(Date.now() - 16 * 60_000) }).resetGaussMySqlPassword({
        instance_id: h.instances.taurusdb.id,
        body: { password: 'Root_pass_5' },
      }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/signature expired/);
  });

  it('accepts a signature 14 minutes old (inside the window)', async () => {
    const client = taurusWithAkSk(emulator.current, { now: () => new Date(Date.now() - 14 * 60_000) });
    await expect(
      client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: 'Root_pass_6' } }),
    ).resolves.toEqual({});
  });

  it('403 for a project the credentials do not cover', async () => {
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current, { projectId: 'ffffffffffffffffffffffffffffffff' }).resetGaussMySqlPassword({
        instance_id: h.instances.taurusdb.id,
        body: { password: 'Root_pass_7' },
      }),
    );
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.code).toBe('DBS.200010');
  });

  it.each([
    [409, ConflictError, 'DBS.200011'],
    [429, ThrottlingError, 'APIG.0308'],
    [500, ServerError, 'DBS.108000'],
  ] as const)('%i answers become %o with the cloud code', async (status, ErrorClass, code) => {
    emulator.current.injectFault({
      operationId: 'ResetGaussMySqlPassword',
      status,
      ...(status === 429 ? { retryAfter: '2' } : {}),
    });
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current, { retry: NO_RETRIES }).resetGaussMySqlPassword({
        instance_id: h.instances.taurusdb.id,
        body: { password: 'Root_pass_8' },
      }),
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ code, $metadata: { httpStatusCode: status } });
  });
});

describe('ResetGaussMySqlDatabasePassword and ShowGaussMySqlJobInfo', () => {
  const [appUser, reportUser] = h.dbUsers;

  it('changes two users in one job (202), which the job API reports Running then Completed', async () => {
    const client = taurusWithAkSk(emulator.current);
    const users = [
      { name: appUser!.name, host: appUser!.host, password: 'App_user_pw1' },
      { name: reportUser!.name, host: reportUser!.host, password: 'Report_pw_22' },
    ];
    const { job_id } = await client.resetGaussMySqlDatabasePassword({
      instance_id: h.instances.taurusdb.id,
      body: { users },
    });
    expect(job_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      emulator.current.state.checkPassword(
        { cloud: 'huawei', instanceId: h.instances.taurusdb.id, userName: appUser!.name, host: appUser!.host },
        'App_user_pw1',
        Date.now() - 1,
      ),
    ).toBe(false);
    const statuses: string[] = [];
    const job = await waitForJob(client, job_id, {
      intervalMs: 20,
      timeoutMs: 10_000,
      onProgress: (info) => statuses.push(info.status),
    });
    expect(job.status).toBe('Completed');
    expect(statuses).toContain('Running');
    for (const user of users) {
      expect(
        emulator.current.state.checkPassword(
          { cloud: 'huawei', instanceId: h.instances.taurusdb.id, userName: user.name, host: user.host },
          user.password,
        ),
      ).toBe(true);
    }
  });

  it('a job that fails ends waitForJob with JobFailedError carrying fail_reason', async () => {
    const client = taurusWithAkSk(emulator.current);
    const { job_id } = await client.resetGaussMySqlDatabasePassword({
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ ...appUser!, password: 'Fail_job_9x' }] },
    });
    const error = await thrown(() => waitForJob(client, job_id, { intervalMs: 20, timeoutMs: 10_000 }));
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.failReason).toMatch(/Failed to change/);
  });

  it('400 DBS.200543 for a job id the service does not know (a NotFoundError by its code)', async () => {
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current).showGaussMySqlJobInfo({ id: '6b7dd5d4-4590-4f14-b164-a8737ce071d5' }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.code).toBe('DBS.200543');
  });

  it('400 DBS.200824 for a user that does not exist', async () => {
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current).resetGaussMySqlDatabasePassword({
        instance_id: h.instances.taurusdb.id,
        body: { users: [{ name: 'nobody', host: '%', password: 'Nobody_pw_1' }] },
      }),
    );
    expect(error).toMatchObject({ code: 'DBS.200824', $metadata: { httpStatusCode: 400 } });
  });

  it('400 DBS.05000006 when a raw request sends the user name as the password', async () => {
    const { error, response } = await taurusRaw(emulator.current).PUT(
      '/v3/{project_id}/instances/{instance_id}/db-users/password',
      {
        params: { path: { project_id: h.projectId, instance_id: h.instances.taurusdb.id } },
        body: { users: [{ name: appUser!.name, host: appUser!.host, password: appUser!.name }] },
      },
    );
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ error_code: 'DBS.05000006' });
  });

  it('400 DBS.280001 (Parameter error) for a batch of 51 users sent raw', async () => {
    const users = Array.from({ length: 51 }, (_, index) => ({
      name: `user_${index}`,
      host: '%',
      password: 'Batch_pw_123',
    }));
    const { error, response } = await taurusRaw(emulator.current).PUT(
      '/v3/{project_id}/instances/{instance_id}/db-users/password',
      {
        params: { path: { project_id: h.projectId, instance_id: h.instances.taurusdb.id } },
        body: { users },
      },
    );
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ error_code: 'DBS.280001' });
  });
});

describe('UpdateStarRocksDatabaseUserPassword and UpdateClickHouseDatabaseUserPassword', () => {
  it('change the HTAP users (200, result SUCCESS)', async () => {
    const client = taurusWithAkSk(emulator.current);
    await expect(
      client.updateStarRocksDatabaseUserPassword({
        instance_id: h.instances.starrocks.id,
        body: { user_name: h.starrocksUsers[0], password: 'Star_rocks_1' },
      }),
    ).resolves.toEqual({ result: 'SUCCESS' });
    await expect(
      client.updateClickHouseDatabaseUserPassword({
        instance_id: h.instances.clickhouse.id,
        body: { user_name: h.clickhouseUsers[0], password: 'Click_house_1' },
      }),
    ).resolves.toEqual({ result: 'SUCCESS' });
    expect(
      emulator.current.state.checkPassword(
        { cloud: 'huawei', instanceId: h.instances.starrocks.id, userName: h.starrocksUsers[0] },
        'Star_rocks_1',
      ),
    ).toBe(true);
    expect(
      emulator.current.state.checkPassword(
        { cloud: 'huawei', instanceId: h.instances.clickhouse.id, userName: h.clickhouseUsers[0] },
        'Click_house_1',
      ),
    ).toBe(true);
  });

  it('400 DBS.05000006 and DBS.05000007 for the user name and its reverse sent raw', async () => {
    const raw = taurusRaw(emulator.current);
    const userName = h.starrocksUsers[0];
    const send = (password: string) =>
      raw.PUT('/v3/{project_id}/instances/{instance_id}/starrocks/users/password', {
        params: { path: { project_id: h.projectId, instance_id: h.instances.starrocks.id } },
        body: { user_name: userName, password },
      });
    // The seeded name is all lowercase, so it fails the class rule too; the emulator reports the user-name code first.
    expect((await send(userName)).error).toMatchObject({ error_code: 'DBS.05000006' });
    expect((await send([...userName].reverse().join(''))).error).toMatchObject({ error_code: 'DBS.05000007' });
  });

  it("404 when the instance is not of the operation's engine", async () => {
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current).updateClickHouseDatabaseUserPassword({
        instance_id: h.instances.starrocks.id,
        body: { user_name: 'sr_analyst', password: 'Click_house_2' },
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

describe('bad input is refused before anything is sent', () => {
  it('lists every failure, by field, and sends nothing', async () => {
    const client = taurusWithAkSk(emulator.current);
    const before = emulator.current.requests.length;
    const error = await thrown(() =>
      client.resetGaussMySqlDatabasePassword({
        instance_id: 'bad id',
        body: {
          users: [
            { name: 'app_user', host: '%', password: 'app_user' },
            { name: 'bad-name!', host: 'not a host', password: 'Short1!' },
            { name: 'app_user', host: '%', password: 'Valid_pass_1' },
          ],
        },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const found = (error as ValidationError).issues.map((issue) => `${issue.field} ${issue.rule}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'path.instance_id pattern',
        'body.users[0].password password.same-as-user-name',
        'body.users[0].password password.too-few-classes',
        'body.users[1].name pattern',
        'body.users[1].host pattern',
        'body.users[1].password password.too-short',
        'body.users[2] duplicate',
      ]),
    );
    expect(emulator.current.requests.length).toBe(before);
  });

  it('refuses an empty batch and one of 51 users', async () => {
    const client = taurusWithAkSk(emulator.current);
    const before = emulator.current.requests.length;
    const empty = await thrown(() =>
      client.resetGaussMySqlDatabasePassword({ instance_id: h.instances.taurusdb.id, body: { users: [] } }),
    );
    expect(empty.issues).toEqual([expect.objectContaining({ field: 'body.users', rule: 'minItems' })]);
    const many = Array.from({ length: 51 }, (_, index) => ({
      name: `user_${index}`,
      host: '%',
      password: `Batch_pw_${index}x`,
    }));
    const tooMany = await thrown(() =>
      client.resetGaussMySqlDatabasePassword({ instance_id: h.instances.taurusdb.id, body: { users: many } }),
    );
    expect(tooMany.issues).toEqual([expect.objectContaining({ field: 'body.users', rule: 'maxItems' })]);
    expect(emulator.current.requests.length).toBe(before);
  });

  it('needs a project id from the call or the client', async () => {
    const client = createTaurusDbClient({ endpoint: emulator.current.url, auth: akSk({ ak: h.ak, sk: h.sk }) });
    const before = emulator.current.requests.length;
    const error = await thrown(() => client.showGaussMySqlJobInfo({ id: '6b7dd5d4-4590-4f14-b164-a8737ce071d5' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: 'path.project_id', rule: 'required' })]);
    expect(error.message).toMatch(/projectId/);
    expect(emulator.current.requests.length).toBe(before);
  });
});
