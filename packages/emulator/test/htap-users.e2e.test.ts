// HTAP StarRocks and ClickHouse accounts on the emulator (memory mode), through the generated client over loopback
// with AK/SK: showing accounts with their databases and DML/DDL levels, creating a twin with another account's
// privileges, changing privileges (an omitted StarRocks field is kept), and the errors.
import { BadRequestError, ConflictError, NotFoundError, type TaurusDbClient } from '@dbpass/client-taurusdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/server.js';
import { h, iamToken, sendHuawei, taurusClient, thrown } from './clients.js';

const TWIN_PASSWORD = 'Twin_pass-2026';
const starrocks = h.instances.starrocks.id;
const clickhouse = h.instances.clickhouse.id;
let emulator: Emulator;
let taurus: TaurusDbClient;

beforeEach(async () => {
  emulator = await startEmulator();
  taurus = taurusClient(emulator.url);
});

afterEach(async () => {
  await emulator?.stop();
});

const showStarRocks = async (user_name?: string) =>
  taurus.showStarRocksDatabaseUser({
    instance_id: starrocks,
    limit: 100,
    offset: 0,
    ...(user_name ? { user_name } : {}),
  });
const showClickHouse = async (user_name?: string) =>
  taurus.showClickHouseDatabaseUser({ instance_id: clickhouse, ...(user_name ? { user_name } : {}) });

describe('StarRocks', () => {
  it('shows the seeded account: two databases, read-only, no DDL', async () => {
    expect(await showStarRocks()).toEqual({
      user_details: [{ user_name: 'sr_analyst', data_bases: ['app_db', 'reports'], dml: 1, ddl: 0 }],
      total_count: 1,
    });
    expect(await showStarRocks('nobody')).toEqual({ user_details: [], total_count: 0 });
  });

  it("creates a twin with sr_analyst's privileges: it exists when the call returns", async () => {
    const [original] = (await showStarRocks('sr_analyst')).user_details!;
    const result = await taurus.createStarRocksDatabaseUser({
      instance_id: starrocks,
      body: {
        user_name: 'sr_analyst_clone',
        password: TWIN_PASSWORD,
        databases: original!.data_bases,
        dml: original!.dml as 0 | 1 | 2 | 3,
        ddl: original!.ddl as 0 | 1,
      },
    });
    expect(result).toEqual({ result: 'SUCCESS' });
    const [twin] = (await showStarRocks('sr_analyst_clone')).user_details!;
    expect({ ...twin, user_name: original!.user_name }).toEqual(original);
    expect(
      emulator.state.checkPassword(
        { cloud: 'huawei', instanceId: starrocks, userName: 'sr_analyst_clone' },
        TWIN_PASSWORD,
      ),
    ).toBe(true);
    expect((await showStarRocks()).total_count).toBe(2);
  });

  it('creates with the documented defaults: DML 2, DDL 0; `*` and information_schema are accepted', async () => {
    await taurus.createStarRocksDatabaseUser({
      instance_id: starrocks,
      body: { user_name: 'defaults', password: TWIN_PASSWORD, databases: ['*', 'INFORMATION_SCHEMA'] },
    });
    expect((await showStarRocks('defaults')).user_details).toEqual([
      { user_name: 'defaults', data_bases: ['*', 'INFORMATION_SCHEMA'], dml: 2, ddl: 0 },
    ]);
  });

  it('UpdateStarRocksDatabaseUserPermission sets what it names and keeps what it leaves out', async () => {
    const update = (body: Parameters<TaurusDbClient['updateStarRocksDatabaseUserPermission']>[0]['body']) =>
      taurus.updateStarRocksDatabaseUserPermission({ instance_id: starrocks, body });
    expect(await update({ user_name: 'sr_analyst', dml: 0 })).toEqual({ result: 'SUCCESS' });
    expect((await showStarRocks('sr_analyst')).user_details).toEqual([
      { user_name: 'sr_analyst', data_bases: ['app_db', 'reports'], dml: 0, ddl: 0 },
    ]);
    await update({ user_name: 'sr_analyst', databases: ['reports'], ddl: 1 });
    expect((await showStarRocks('sr_analyst')).user_details).toEqual([
      { user_name: 'sr_analyst', data_bases: ['reports'], dml: 0, ddl: 1 },
    ]);
    await update({ user_name: 'sr_analyst', databases: [], dml: 1, ddl: 0 });
    expect((await showStarRocks('sr_analyst')).user_details).toEqual([
      { user_name: 'sr_analyst', data_bases: [], dml: 1, ddl: 0 },
    ]);
  });

  it.each<[string, { user_name?: string; databases?: string[] }, number, string, typeof ConflictError]>([
    ['an existing name: 409 DBS.200827', { user_name: 'sr_analyst' }, 409, 'DBS.200827', ConflictError],
    ['root: 409 DBS.200828', { user_name: 'root' }, 409, 'DBS.200828', BadRequestError],
    ['an unknown database: 400 DBS.200823', { databases: ['nowhere'] }, 400, 'DBS.200823', NotFoundError],
  ])('create refuses %s', async (_what, fields, status, code, ErrorClass) => {
    const error = await thrown(() =>
      taurus.createStarRocksDatabaseUser({
        instance_id: starrocks,
        body: { user_name: 'twin', password: TWIN_PASSWORD, databases: ['app_db'], ...fields },
      }),
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ code, $metadata: { httpStatusCode: status } });
    expect((await showStarRocks()).total_count).toBe(1);
  });

  it('update refuses an unknown account (400 DBS.200824) and an unknown database (400 DBS.200823)', async () => {
    const unknownUser = await thrown(() =>
      taurus.updateStarRocksDatabaseUserPermission({ instance_id: starrocks, body: { user_name: 'nobody', dml: 0 } }),
    );
    expect(unknownUser).toMatchObject({ code: 'DBS.200824', $metadata: { httpStatusCode: 400 } });
    const unknownDatabase = await thrown(() =>
      taurus.updateStarRocksDatabaseUserPermission({
        instance_id: starrocks,
        body: { user_name: 'sr_analyst', databases: ['nowhere'] },
      }),
    );
    expect(unknownDatabase).toMatchObject({ code: 'DBS.200823' });
    expect((await showStarRocks('sr_analyst')).user_details![0]!.data_bases).toEqual(['app_db', 'reports']);
  });

  it('a password the policy refuses is 400 (DBS.05000006 for the user name), sent past the client', async () => {
    const answer = await sendHuawei(
      emulator.url,
      await iamToken(emulator.url),
      'POST',
      `/instances/${starrocks}/starrocks/users`,
      {
        user_name: 'twin_user1',
        password: 'twin_user1',
        databases: ['app_db'],
      },
    );
    expect(answer).toMatchObject({ status: 400, body: { error_code: 'DBS.05000006' } });
  });
});

describe('ClickHouse', () => {
  it('shows the seeded account (10 a page by default): two databases, read-only', async () => {
    expect(await showClickHouse()).toEqual({
      user_details: [{ user_name: 'ch_analyst', databases: ['app_db', 'reports'], dml: 1, ddl: 0 }],
      total_count: 1,
    });
  });

  it('pages with offset and limit (10 by default)', async () => {
    const fleet = await startEmulator({ fleet: { clickhouseUsers: 11 } });
    try {
      const client = taurusClient(fleet.url);
      const first = await client.showClickHouseDatabaseUser({ instance_id: clickhouse });
      expect(first.user_details).toHaveLength(10);
      expect(first.total_count).toBe(12);
      const last = await client.showClickHouseDatabaseUser({ instance_id: clickhouse, offset: 10, limit: 5 });
      expect(last.user_details!.map((user) => [user.user_name, user.databases, user.dml])).toEqual([
        ['ch_fleet_010', ['app_db'], 1],
        ['ch_fleet_011', ['app_db'], 2],
      ]);
    } finally {
      await fleet.stop();
    }
  });

  it("creates a twin with ch_analyst's privileges, then changes them", async () => {
    const [original] = (await showClickHouse('ch_analyst')).user_details!;
    await taurus.createClickHouseDatabaseUser({
      instance_id: clickhouse,
      body: {
        user_name: 'ch_analyst_clone',
        password: TWIN_PASSWORD,
        databases: original!.databases,
        dml: original!.dml as 1 | 2,
      },
    });
    const [twin] = (await showClickHouse('ch_analyst_clone')).user_details!;
    expect({ ...twin, user_name: 'ch_analyst' }).toEqual(original);
    await taurus.updateClickHouseDatabaseUserPermission({
      instance_id: clickhouse,
      body: { user_name: 'ch_analyst_clone', databases: ['*'], dml: 2 },
    });
    expect((await showClickHouse('ch_analyst_clone')).user_details).toEqual([
      { user_name: 'ch_analyst_clone', databases: ['*'], dml: 2, ddl: 0 },
    ]);
  });

  it('creates with DML 2 by default; `default` is a database of every ClickHouse', async () => {
    await taurus.createClickHouseDatabaseUser({
      instance_id: clickhouse,
      body: { user_name: 'defaults', password: TWIN_PASSWORD, databases: ['default'] },
    });
    expect((await showClickHouse('defaults')).user_details).toEqual([
      { user_name: 'defaults', databases: ['default'], dml: 2, ddl: 0 },
    ]);
  });

  it.each([
    ['an existing name: 409 DBS.200827', { user_name: 'ch_analyst' }, 'DBS.200827'],
    ['ClickHouse default user: 409 DBS.200828', { user_name: 'default' }, 'DBS.200828'],
    ['an unknown database: 400 DBS.200823', { databases: ['nowhere'] }, 'DBS.200823'],
  ])('create refuses %s', async (_what, fields, code) => {
    const error = await thrown(() =>
      taurus.createClickHouseDatabaseUser({
        instance_id: clickhouse,
        body: { user_name: 'twin', password: TWIN_PASSWORD, databases: ['app_db'], ...fields },
      }),
    );
    expect(error).toMatchObject({ code });
  });

  it('update refuses an unknown account: 400 DBS.200824', async () => {
    const error = await thrown(() =>
      taurus.updateClickHouseDatabaseUserPermission({
        instance_id: clickhouse,
        body: { user_name: 'nobody', databases: ['*'], dml: 1 },
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'DBS.200824', $metadata: { httpStatusCode: 400 } });
  });

  it('a StarRocks operation on the ClickHouse instance is 404 DBS.200002', async () => {
    const error = await thrown(() =>
      taurus.showStarRocksDatabaseUser({ instance_id: clickhouse, limit: 10, offset: 0 }),
    );
    expect(error).toMatchObject({ code: 'DBS.200002', $metadata: { httpStatusCode: 404 } });
  });
});
