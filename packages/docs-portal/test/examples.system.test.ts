import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { createOceanBaseClient, oceanBaseService, oceanbaseDigest } from '@dbpass/client-oceanbase';
import {
  akSk,
  createTaurusDbClient,
  generatePassword,
  passwordPolicies,
  taurusDbService,
  waitForJob,
} from '@dbpass/client-taurusdb';
import { type AccountRef, type Emulator, seed, startEmulator } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFileName, examplesDir, packageRoot } from '../src/load-examples.js';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const outDir = path.join(packageRoot, 'build', 'examples-test');
const h = seed.huawei;
const o = seed.oceanbase;
let emulator: Emulator;

beforeAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  // Compiled exactly as a user's strict ESM project would, into a folder that resolves the workspace clients.
  await run(process.execPath, [tsc, '-p', path.join(packageRoot, 'tsconfig.examples.json'), '--outDir', outDir]);
  emulator = await startEmulator({ jobVisibleAfterMs: 50, jobDurationMs: 150 });
});

afterAll(async () => {
  await emulator?.stop();
});

/** Runs a compiled example with only the variables it documents (no inherited credentials, no other host). */
async function runExample(
  operationId: string,
  variables: Record<string, string>,
  endpoint = emulator.url,
): Promise<string> {
  const file = path.join(outDir, exampleFileName(operationId).replace(/\.ts$/, '.js'));
  const { stdout } = await run(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', DBPASS_ENDPOINT: endpoint, ...variables },
    timeout: 20_000,
  });
  return stdout;
}

const huaweiVariables = { HUAWEICLOUD_SDK_AK: h.ak, HUAWEICLOUD_SDK_SK: h.sk, HUAWEICLOUD_SDK_PROJECT_ID: h.projectId };

async function changesPassword(
  account: AccountRef,
  operationId: string,
  variables: Record<string, string>,
): Promise<string> {
  expect(emulator.state.checkPassword(account, seed.initialPassword)).toBe(true);
  const before = emulator.requests.length;
  const stdout = await runExample(operationId, variables);
  expect(emulator.state.checkPassword(account, seed.initialPassword)).toBe(false);
  expect(emulator.requests.length).toBeGreaterThan(before);
  return stdout;
}

describe('landing-page examples, compiled and run against the emulator', () => {
  it('has exactly one example per operation of each client', async () => {
    const operations = [...Object.keys(taurusDbService.operations), ...Object.keys(oceanBaseService.operations)];
    expect((await readdir(examplesDir)).sort()).toEqual(operations.map(exampleFileName).sort());
  });

  it('ResetGaussMySqlPassword resets the root password', async () => {
    await changesPassword({ cloud: 'huawei', instanceId: h.instances.taurusdb.id }, 'ResetGaussMySqlPassword', {
      ...huaweiVariables,
      TAURUS_INSTANCE_ID: h.instances.taurusdb.id,
    });
  });

  it('ResetGaussMySqlDatabasePassword changes a database user and waits for the job', async () => {
    const [user] = h.dbUsers;
    const stdout = await changesPassword(
      { cloud: 'huawei', instanceId: h.instances.taurusdb.id, userName: user.name, host: user.host },
      'ResetGaussMySqlDatabasePassword',
      {
        ...huaweiVariables,
        TAURUS_INSTANCE_ID: h.instances.taurusdb.id,
        TAURUS_DB_USER: user.name,
        TAURUS_DB_HOST: user.host,
      },
    );
    expect(stdout).toMatch(/: Completed$/m);
  });

  it('ShowGaussMySqlInstanceInfoUnifyStatus reports where to log in (the twin answers with its engine)', async () => {
    const twin = await startEmulator({ engines: 'real' });
    try {
      const stdout = await runExample(
        'ShowGaussMySqlInstanceInfoUnifyStatus',
        { ...huaweiVariables, TAURUS_INSTANCE_ID: h.instances.taurusdb.id },
        twin.url,
      );
      expect(stdout.trim()).toBe(
        `${h.instances.taurusdb.name}: normal; log in at 127.0.0.1:${twin.engines.addresses.get(h.instances.taurusdb.id)!.port}`,
      );
    } finally {
      await twin.stop();
    }
  });

  it('ShowGaussMySqlJobInfo reports the status of a job', async () => {
    const taurus = createTaurusDbClient({
      endpoint: emulator.url,
      projectId: h.projectId,
      auth: akSk({ ak: h.ak, sk: h.sk }),
    });
    const [, user] = h.dbUsers;
    const password = generatePassword(passwordPolicies.ResetGaussMySqlDatabasePassword['users[].password'], {
      userName: user.name,
    }).password;
    const { job_id } = await taurus.resetGaussMySqlDatabasePassword({
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ ...user, password }] },
    });
    const job = await waitForJob(taurus, job_id, { intervalMs: 50 });
    const stdout = await runExample('ShowGaussMySqlJobInfo', { ...huaweiVariables, TAURUS_JOB_ID: job_id });
    expect(stdout).toContain(`job ${job_id}`);
    expect(stdout.trimEnd()).toMatch(new RegExp(`: ${job.status}$`));
  });

  it.each([
    { engine: 'StarRocks', operationId: 'UpdateStarRocksDatabaseUserPassword', prefix: 'STARROCKS', key: 'starrocks' },
    {
      engine: 'ClickHouse',
      operationId: 'UpdateClickHouseDatabaseUserPassword',
      prefix: 'CLICKHOUSE',
      key: 'clickhouse',
    },
  ] as const)('$operationId changes a $engine user', async ({ operationId, prefix, key }) => {
    const [userName] = h[`${key}Users`];
    const instanceId = h.instances[key].id;
    await changesPassword({ cloud: 'huawei', instanceId, userName }, operationId, {
      ...huaweiVariables,
      [`${prefix}_INSTANCE_ID`]: instanceId,
      [`${prefix}_USER`]: userName,
    });
  });

  it('DescribeTenant reports the tenant and where to log in, changing nothing (the twin answers with its engine)', async () => {
    const twin = await startEmulator({ engines: 'real' });
    try {
      const stdout = await runExample(
        'DescribeTenant',
        {
          OCEANBASE_ACCESS_KEY_ID: o.accessKeyId,
          OCEANBASE_ACCESS_KEY_SECRET: o.accessKeySecret,
          OCEANBASE_PROJECT_ID: o.projectId,
          OB_INSTANCE_ID: o.instanceId,
          OB_TENANT_ID: o.tenantId,
        },
        twin.url,
      );
      const address = twin.engines.addresses.get(`oceanbase/${o.instanceId}/${o.tenantId}`)!;
      expect(stdout.trim()).toBe(`${o.tenantId} (MySQL): ONLINE; log in at 127.0.0.1:${address.port}`);
      expect(twin.state.applications.size).toBe(0);
    } finally {
      await twin.stop();
    }
  });

  it('ModifyTenantUserPassword changes an OceanBase tenant user', async () => {
    const [userName] = o.users;
    const stdout = await changesPassword(
      { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName },
      'ModifyTenantUserPassword',
      {
        OCEANBASE_ACCESS_KEY_ID: o.accessKeyId,
        OCEANBASE_ACCESS_KEY_SECRET: o.accessKeySecret,
        OCEANBASE_PROJECT_ID: o.projectId,
        OB_INSTANCE_ID: o.instanceId,
        OB_TENANT_ID: o.tenantId,
        OB_USER: userName,
      },
    );
    expect(stdout).toContain('success true');
  });

  describe('user management (what a rotation with two alternating users calls)', () => {
    const taurus = () =>
      createTaurusDbClient({ endpoint: emulator.url, projectId: h.projectId, auth: akSk({ ak: h.ak, sk: h.sk }) });
    const oceanbase = () =>
      createOceanBaseClient({
        endpoint: emulator.url,
        projectId: o.projectId,
        auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
      });
    const oceanbaseVariables = {
      OCEANBASE_ACCESS_KEY_ID: o.accessKeyId,
      OCEANBASE_ACCESS_KEY_SECRET: o.accessKeySecret,
      OCEANBASE_PROJECT_ID: o.projectId,
      OB_INSTANCE_ID: o.instanceId,
      OB_TENANT_ID: o.tenantId,
    };
    const taurusUser = async (name: string, host = '%') =>
      (await taurus().listGaussMySqlDatabaseUser({ instance_id: h.instances.taurusdb.id })).users.find(
        (user) => user.name === name && user.host === host,
      );
    const starrocksUser = async (user_name: string) =>
      (
        await taurus().showStarRocksDatabaseUser({
          instance_id: h.instances.starrocks.id,
          user_name,
          limit: 1,
          offset: 0,
        })
      ).user_details?.[0];
    const clickhouseUser = async (user_name: string) =>
      (await taurus().showClickHouseDatabaseUser({ instance_id: h.instances.clickhouse.id, user_name }))
        .user_details?.[0];
    const tenantUser = async (userName: string) =>
      (await oceanbase().describeTenantUsers({ instanceId: o.instanceId, tenantId: o.tenantId, userName })).data
        .dataList[0];

    it('ListGaussMySqlDatabaseUser prints each user with its databases', async () => {
      const stdout = await runExample('ListGaussMySqlDatabaseUser', {
        ...huaweiVariables,
        TAURUS_INSTANCE_ID: h.instances.taurusdb.id,
      });
      expect(stdout).toContain('app_user@%: app_db (read/write), reports (read-only)\n');
      expect(stdout).toContain('report_user@10.10.10.%: reports (read-only)\n');
    });

    it('CreateGaussMySqlDatabaseUser creates a user with read/write on a database and waits for the job', async () => {
      const stdout = await runExample('CreateGaussMySqlDatabaseUser', {
        ...huaweiVariables,
        TAURUS_INSTANCE_ID: h.instances.taurusdb.id,
        TAURUS_DB_USER: 'example_twin',
        TAURUS_DB_DATABASE: 'app_db',
      });
      expect(stdout).toMatch(/^example_twin@%: job [0-9a-f-]{36} Completed$/m);
      expect((await taurusUser('example_twin'))?.databases).toEqual([{ name: 'app_db', readonly: false }]);
    });

    it('AddDatabasePermission grants a database read-only and waits for the job', async () => {
      const stdout = await runExample('AddDatabasePermission', {
        ...huaweiVariables,
        TAURUS_INSTANCE_ID: h.instances.taurusdb.id,
        TAURUS_DB_USER: 'report_user',
        TAURUS_DB_HOST: '10.10.10.%',
        TAURUS_DB_DATABASE: 'app_db',
        TAURUS_DB_READONLY: 'true',
      });
      expect(stdout.trim()).toBe('report_user@10.10.10.% read-only on app_db: Completed');
      expect((await taurusUser('report_user', '10.10.10.%'))?.databases).toEqual([
        { name: 'app_db', readonly: true },
        { name: 'reports', readonly: true },
      ]);
    });

    it('ShowStarRocksDatabaseUser, CreateStarRocksDatabaseUser, UpdateStarRocksDatabaseUserPermission', async () => {
      const starrocks = { ...huaweiVariables, STARROCKS_INSTANCE_ID: h.instances.starrocks.id };
      expect(await runExample('ShowStarRocksDatabaseUser', starrocks)).toBe(
        'sr_analyst: dml 1, ddl 0, databases app_db, reports\n1 of 1 accounts\n',
      );
      const created = await runExample('CreateStarRocksDatabaseUser', {
        ...starrocks,
        STARROCKS_USER: 'sr_example',
        STARROCKS_DATABASES: 'reports',
      });
      expect(created.trim()).toBe('sr_example: SUCCESS');
      expect(await starrocksUser('sr_example')).toEqual({
        user_name: 'sr_example',
        data_bases: ['reports'],
        dml: 1,
        ddl: 0,
      });
      const updated = await runExample('UpdateStarRocksDatabaseUserPermission', {
        ...starrocks,
        STARROCKS_SOURCE_USER: 'sr_analyst',
        STARROCKS_USER: 'sr_example',
      });
      expect(updated.trim()).toBe('sr_example now has the privileges of sr_analyst: SUCCESS');
      expect({ ...(await starrocksUser('sr_example')), user_name: 'sr_analyst' }).toEqual(
        await starrocksUser('sr_analyst'),
      );
    });

    it('ShowClickHouseDatabaseUser, CreateClickHouseDatabaseUser, UpdateClickHouseDatabaseUserPermission', async () => {
      const clickhouse = { ...huaweiVariables, CLICKHOUSE_INSTANCE_ID: h.instances.clickhouse.id };
      expect(await runExample('ShowClickHouseDatabaseUser', clickhouse)).toBe(
        'ch_analyst: dml 1, ddl 0, databases app_db, reports\n1 of 1 accounts\n',
      );
      const created = await runExample('CreateClickHouseDatabaseUser', {
        ...clickhouse,
        CLICKHOUSE_USER: 'ch_example',
        CLICKHOUSE_DATABASES: '*',
      });
      expect(created.trim()).toBe('ch_example: SUCCESS');
      expect(await clickhouseUser('ch_example')).toEqual({ user_name: 'ch_example', databases: ['*'], dml: 1, ddl: 0 });
      const updated = await runExample('UpdateClickHouseDatabaseUserPermission', {
        ...clickhouse,
        CLICKHOUSE_SOURCE_USER: 'ch_analyst',
        CLICKHOUSE_USER: 'ch_example',
      });
      expect(updated.trim()).toBe('ch_example now has the privileges of ch_analyst: SUCCESS');
      expect({ ...(await clickhouseUser('ch_example')), user_name: 'ch_analyst' }).toEqual(
        await clickhouseUser('ch_analyst'),
      );
    });

    it('DescribeTenantUsers, CreateTenantUser, ModifyTenantUserRoles', async () => {
      expect(await runExample('DescribeTenantUsers', oceanbaseVariables)).toBe(
        'app_user [Normal, ONLINE]: app_db (ReadWrite), reports (ReadOnly)\n',
      );
      const created = await runExample('CreateTenantUser', {
        ...oceanbaseVariables,
        OB_USER: 'ob-example',
        OB_DATABASE: 'reports',
      });
      expect(created.trim()).toBe('ob-example: ONLINE');
      expect((await tenantUser('ob-example'))?.databases?.map((grant) => [grant.database, grant.role])).toEqual([
        ['reports', 'ReadWrite'],
      ]);
      const modified = await runExample('ModifyTenantUserRoles', {
        ...oceanbaseVariables,
        OB_SOURCE_USER: 'app_user',
        OB_USER: 'ob-example',
      });
      expect(modified.trim()).toBe('ob-example now has the roles of app_user: success true');
      const roles = async (userName: string) =>
        (await tenantUser(userName))?.databases?.map(({ userName: _, ...grant }) => grant);
      expect(await roles('ob-example')).toEqual(await roles('app_user'));
    });
  });
});
