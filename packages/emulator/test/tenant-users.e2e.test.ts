// OceanBase tenant users on the emulator (memory mode), through the generated client over loopback with Digest:
// listing users with their roles, creating a twin with another user's roles (roles as JSON text), setting the
// roles (the list replaces them; [] revokes all), and the envelope errors.
import { BadRequestError, NotFoundError, type OceanBaseClient } from '@dbpass/client-oceanbase';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/server.js';
import { oceanbaseClient, tenant, thrown } from './clients.js';

const TWIN_PASSWORD = 'Twin_pass-2026x';
let emulator: Emulator;
let ob: OceanBaseClient;

beforeEach(async () => {
  emulator = await startEmulator();
  ob = oceanbaseClient(emulator.url);
});

afterEach(async () => {
  await emulator?.stop();
});

const userOf = async (userName: string) => (await ob.describeTenantUsers({ ...tenant, userName })).data.dataList[0];
const asRoles = (
  databases: ReadonlyArray<{ database: string; role: string; privileges?: string; withGrant?: number }>,
) =>
  JSON.stringify(
    databases.map((grant) => ({
      database: grant.database,
      role: grant.role,
      table: '',
      privileges: grant.privileges ?? '',
      withGrant: grant.withGrant === 1,
    })),
  );

describe('DescribeTenantUsers', () => {
  it('lists the seeded user with its role on each database, in the success envelope', async () => {
    const requestId = crypto.randomUUID();
    expect(await ob.describeTenantUsers({ ...tenant, requestId })).toEqual({
      requestId,
      success: true,
      server: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      data: {
        dataList: [
          {
            userName: 'app_user',
            userType: 'Normal',
            userStatus: 'ONLINE',
            databases: [
              { database: 'app_db', role: 'ReadWrite', userName: 'app_user', withGrant: 0 },
              { database: 'reports', role: 'ReadOnly', userName: 'app_user', withGrant: 0 },
            ],
          },
        ],
        total: 1,
        hasMore: false,
      },
    });
  });

  it('pages with pageNumber and pageSize, and filters by userName and searchKey', async () => {
    const fleet = await startEmulator({ fleet: { oceanbaseUsers: 3 } });
    try {
      const client = oceanbaseClient(fleet.url);
      const second = await client.describeTenantUsers({ ...tenant, pageNumber: 2, pageSize: 2 });
      expect(second.data).toMatchObject({ total: 4, hasMore: false });
      expect(second.data.dataList.map((user) => [user.userName, user.databases![0]!.role])).toEqual([
        ['ob_fleet_002', 'ReadOnly'],
        ['ob_fleet_003', 'ReadWrite'],
      ]);
      expect((await client.describeTenantUsers({ ...tenant, pageSize: 2 })).data.hasMore).toBe(true);
      expect((await client.describeTenantUsers({ ...tenant, searchKey: 'FLEET' })).data.total).toBe(3);
      expect((await client.describeTenantUsers({ ...tenant, userName: 'ob_fleet_001' })).data.total).toBe(1);
    } finally {
      await fleet.stop();
    }
  });

  it('an unknown tenant is a 404 NotFound envelope', async () => {
    const error = await thrown(() => ob.describeTenantUsers({ ...tenant, tenantId: 't4nothere' }));
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

describe('CreateTenantUser', () => {
  it("creates a twin with app_user's roles: described with the same roles, its password set", async () => {
    const original = await userOf('app_user');
    const { data } = await ob.createTenantUser({
      ...tenant,
      body: {
        userName: 'app_user_clone',
        password: TWIN_PASSWORD,
        userType: 'Normal',
        roles: asRoles(original!.databases!),
        description: 'rotation twin of app_user',
      },
    });
    expect(data).toMatchObject({ userName: 'app_user_clone', userType: 'Normal', userStatus: 'ONLINE' });
    const twin = await userOf('app_user_clone');
    expect(twin!.description).toBe('rotation twin of app_user');
    expect(twin!.databases!.map(({ userName: _, ...role }) => role)).toEqual(
      original!.databases!.map(({ userName: _, ...role }) => role),
    );
    expect(
      emulator.state.checkPassword({ cloud: 'oceanbase', ...tenant, userName: 'app_user_clone' }, TWIN_PASSWORD),
    ).toBe(true);
  });

  it('takes role names in any case and role other with its privileges; a super administrator has none', async () => {
    await ob.createTenantUser({
      ...tenant,
      body: {
        userName: 'mixed',
        password: TWIN_PASSWORD,
        userType: 'normal',
        roles: JSON.stringify([
          { database: 'reports', role: 'other', privileges: 'select, show view', withGrant: true },
          { database: 'app_db', role: 'readwrite' },
        ]),
      },
    });
    expect((await userOf('mixed'))!.databases).toEqual([
      { database: 'app_db', role: 'ReadWrite', userName: 'mixed', withGrant: 0 },
      { database: 'reports', role: 'other', privileges: 'SELECT,SHOW VIEW', userName: 'mixed', withGrant: 1 },
    ]);
    await ob.createTenantUser({ ...tenant, body: { userName: 'boss', password: TWIN_PASSWORD, userType: 'Admin' } });
    expect(await userOf('boss')).toMatchObject({ userType: 'Admin', databases: [] });
  });

  it.each([
    ['an existing user', { userName: 'app_user' }],
    ['an unknown user type', { userType: 'Superuser' }],
    ['roles that are not JSON', { roles: '[{database' }],
    ['a role on an unknown database', { roles: '[{"database":"nowhere","role":"ReadOnly"}]' }],
    ['an unknown role', { roles: '[{"database":"app_db","role":"Owner"}]' }],
    ['a table-level role (Oracle mode)', { roles: '[{"database":"app_db","role":"ReadOnly","table":"t1"}]' }],
    ['role other without privileges', { roles: '[{"database":"app_db","role":"other"}]' }],
    ['an unknown privilege', { roles: '[{"database":"app_db","role":"other","privileges":"SUPER"}]' }],
    ['a database twice', { roles: '[{"database":"app_db","role":"DML"},{"database":"app_db","role":"DDL"}]' }],
    ['roles for a super administrator', { userType: 'Admin', roles: '[{"database":"app_db","role":"ReadOnly"}]' }],
  ])('refuses %s: 400 IllegalArgument, nothing created', async (_what, fields) => {
    const error = await thrown(() =>
      ob.createTenantUser({
        ...tenant,
        body: { userName: 'twin', password: TWIN_PASSWORD, userType: 'Normal', ...fields },
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'IllegalArgument', $metadata: { httpStatusCode: 400 } });
    expect((await ob.describeTenantUsers(tenant)).data.total).toBe(1);
  });
});

describe('ModifyTenantUserRoles', () => {
  it('replaces the roles with the list: a database left out is revoked, [] revokes all', async () => {
    const set = (userRole: string) => ob.modifyTenantUserRoles({ ...tenant, userName: 'app_user', body: { userRole } });
    expect(await set('[{"database":"reports","role":"DDL","withGrant":true}]')).toMatchObject({ success: true });
    expect((await userOf('app_user'))!.databases).toEqual([
      { database: 'reports', role: 'DDL', userName: 'app_user', withGrant: 1 },
    ]);
    await set('[]');
    expect((await userOf('app_user'))!.databases).toEqual([]);
    // Setting the same list again leaves the same end state.
    await set('[]');
    expect((await userOf('app_user'))!.databases).toEqual([]);
  });

  it('an unknown user is 404; bad roles are 400 and change nothing', async () => {
    const unknown = await thrown(() =>
      ob.modifyTenantUserRoles({ ...tenant, userName: 'nobody', body: { userRole: '[]' } }),
    );
    expect(unknown).toBeInstanceOf(NotFoundError);
    const bad = await thrown(() =>
      ob.modifyTenantUserRoles({ ...tenant, userName: 'app_user', body: { userRole: '{"database":"app_db"}' } }),
    );
    expect(bad).toMatchObject({ code: 'IllegalArgument', $metadata: { httpStatusCode: 400 } });
    expect((await userOf('app_user'))!.databases).toHaveLength(2);
  });
});
