// Each kind that can alternate reads, creates and grants database users through its cloud's API: against the
// emulator over real HTTP, with the clients a rotation uses (its limiter, request ids and checkpoints).
import { BadRequestError, ConflictError, type ServiceError } from '@dbpass/client-taurusdb';
import { type Emulator, instanceKey, seed, startEmulator } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRef } from '../src/account-ref.js';
import type { CheckpointName } from '../src/checkpoint.js';
import type { AccountKindAdapter, SetContext, UserManagement, UserPrivileges } from '../src/kinds/account-kind.js';
import { clickHouse } from '../src/kinds/clickhouse.js';
import { oceanBaseTenantUser } from '../src/kinds/oceanbase-tenant-user.js';
import { starRocks } from '../src/kinds/starrocks.js';
import { taurusDbUser } from '../src/kinds/taurusdb-db-user.js';
import { groupClients, resolveConnection } from '../src/protocol/connection-clients.js';

const h = seed.huawei;
const o = seed.oceanbase;
const FLEET_USERS = 150;
const env = { HW_AK: h.ak, HW_SK: h.sk, OB_AK: o.accessKeyId, OB_SK: o.accessKeySecret };
const PASSWORD = 'Twin-Passw0rd-42';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    jobVisibleAfterMs: 20,
    jobDurationMs: 60,
    fleet: { taurusInstances: 1, usersPerInstance: FLEET_USERS },
  });
});
afterAll(() => emulator.stop());

/** A group's clients as a rotation builds them, and the checkpoints they and the calls pass. */
function clientsFor(cloud: 'huawei' | 'oceanbase') {
  const checkpoints: CheckpointName[] = [];
  const spec =
    cloud === 'huawei'
      ? ({
          cloud,
          endpoint: emulator.url,
          projectId: h.projectId,
          credentials: { accessKeyEnv: 'HW_AK', secretKeyEnv: 'HW_SK' },
        } as const)
      : ({
          cloud,
          endpoint: emulator.url,
          projectId: o.projectId,
          credentials: { accessKeyIdEnv: 'OB_AK', accessKeySecretEnv: 'OB_SK' },
        } as const);
  const clients = groupClients(resolveConnection(cloud, spec, env), (name) => checkpoints.push(name));
  const context: SetContext = { checkpoint: (name) => checkpoints.push(name), jobWait: { intervalMs: 20 } };
  /** The checkpoints passed since the last call, without the one every answer passes. */
  const passed = () => checkpoints.splice(0).filter((name) => name !== 'http:response' && name !== 'job:polled');
  return { clients, context, checkpoints, passed };
}

const ref = (kind: AccountKindAdapter, userName: string, place: Partial<AccountRef> = {}): AccountRef =>
  ({
    id: `${kind.kind}-${userName}`,
    target: kind.kind,
    cloud: kind.cloud,
    kind: kind.kind,
    instanceId: '',
    userName,
    ...place,
  }) as AccountRef;

interface Case {
  readonly kind: AccountKindAdapter;
  readonly original: AccountRef;
  /** The seeded original's grants, as its kind writes them. */
  readonly grants: readonly string[];
  /** Privileges the twin of the grant test starts with: fewer than the original's, or other ones. */
  readonly other: (original: UserPrivileges) => UserPrivileges;
  /** What the create operation answers for a name that exists, as the client throws it. */
  readonly exists: { readonly error: typeof ServiceError; readonly code: string };
  /** The checkpoints a create and a grant pass, beside `http:response` and `job:polled`. */
  readonly waited: readonly CheckpointName[];
}

const taurus = { instanceId: h.instances.taurusdb.id, host: '%' };
const cases: readonly Case[] = [
  {
    kind: taurusDbUser,
    original: ref(taurusDbUser, 'app_user', taurus),
    grants: ['app_db:read-write', 'reports:read-only'],
    other: () => ({ grants: ['reports:read-only'], raw: { databases: [{ name: 'reports', readonly: true }] } }),
    exists: { error: ConflictError, code: 'DBS.200827' },
    waited: ['job:created'],
  },
  {
    kind: starRocks,
    original: ref(starRocks, h.starrocksUsers[0], { instanceId: h.instances.starrocks.id }),
    grants: ['database:app_db', 'database:reports', 'ddl:0 (none)', 'dml:1 (read-only)'],
    // One database less, and both levels other: the update replaces all three.
    other: () => ({ grants: [], raw: { databases: ['reports'], dml: 0, ddl: 1 } }),
    exists: { error: ConflictError, code: 'DBS.200827' },
    waited: [],
  },
  {
    kind: clickHouse,
    original: ref(clickHouse, h.clickhouseUsers[0], { instanceId: h.instances.clickhouse.id }),
    grants: ['database:app_db', 'database:reports', 'ddl:0 (none)', 'dml:1 (read-only)'],
    other: () => ({ grants: [], raw: { databases: ['default'], dml: 2, ddl: 0 } }),
    exists: { error: ConflictError, code: 'DBS.200827' },
    waited: [],
  },
  {
    kind: oceanBaseTenantUser,
    original: ref(oceanBaseTenantUser, o.users[0], { instanceId: o.instanceId, tenantId: o.tenantId }),
    grants: ['app_db:ReadWrite', 'reports:ReadOnly', 'user-type:Normal'],
    other: () => ({
      grants: [],
      raw: {
        userType: 'Normal',
        roles: [{ database: 'reports', role: 'ReadWrite', table: '', privileges: '', withGrant: false }],
      },
    }),
    // The error for an existing tenant user is not published; the emulator answers 400.
    exists: { error: BadRequestError, code: 'IllegalArgument' },
    waited: [],
  },
];

const usersOf = (kind: AccountKindAdapter): UserManagement => {
  if (!kind.users) throw new Error(`${kind.kind} has no user management`);
  return kind.users;
};
const twinOf = (original: AccountRef, name: string): AccountRef => ({
  ...original,
  id: `${original.id}-${name}`,
  userName: name,
});

describe.each(cases)('the users of $kind.kind', ({ kind, original, grants, other, exists, waited }) => {
  const users = usersOf(kind);

  it('read a user, create its twin with its privileges, and read the same privileges back', async () => {
    const { clients, context, passed } = clientsFor(kind.cloud);
    const privileges = await users.readPrivileges(clients, original);
    expect(privileges?.grants).toEqual(grants);
    passed();

    const twin = twinOf(original, `${original.userName}_clone`);
    expect(await users.readPrivileges(clients, twin)).toBeUndefined();
    const applied = await users.createUsers(
      clients,
      [{ ref: twin, password: PASSWORD, privileges: privileges! }],
      context,
    );
    expect(passed()).toEqual(['create:before', ...waited]);
    expect(applied.apiResult).toMatch(/Completed|SUCCESS|success/);
    expect(applied.jobId === undefined).toBe(waited.length === 0);
    expect((await users.readPrivileges(clients, twin))?.grants).toEqual(grants);
  });

  it('grant a twin with other privileges the original user has: then they read the same', async () => {
    const { clients, context, passed } = clientsFor(kind.cloud);
    const privileges = (await users.readPrivileges(clients, original))!;
    const twin = twinOf(original, 'granted_twin');
    await users.createUsers(clients, [{ ref: twin, password: PASSWORD, privileges: other(privileges) }], context);
    const before = (await users.readPrivileges(clients, twin))!;
    expect(before.grants).not.toEqual(privileges.grants);
    passed();

    await users.grant(clients, twin, privileges, context);
    expect(passed()).toEqual(['grant:before', ...waited]);
    expect((await users.readPrivileges(clients, twin))?.grants).toEqual(privileges.grants);
  });

  it('read an absent user as undefined', async () => {
    const { clients } = clientsFor(kind.cloud);
    expect(await users.readPrivileges(clients, twinOf(original, 'no_such_user'))).toBeUndefined();
  });

  it('refuse to create a user that exists, and leave it as it was', async () => {
    const { clients, context } = clientsFor(kind.cloud);
    const privileges = (await users.readPrivileges(clients, original))!;
    const created = users.createUsers(clients, [{ ref: original, password: PASSWORD, privileges }], context);
    await expect(created).rejects.toThrow(exists.error);
    await expect(created).rejects.toMatchObject({ code: exists.code });
    expect((await users.readPrivileges(clients, original))?.grants).toEqual(grants);
  });
});

describe('TaurusDB database users', () => {
  const users = usersOf(taurusDbUser);
  const fleetInstance = `${'f1ee700001'.padEnd(32, '0')}in07`;

  it('are found on any page of the list, by name and host', async () => {
    const { clients } = clientsFor('huawei');
    const last = ref(taurusDbUser, `fleet_user_${FLEET_USERS}`, { instanceId: fleetInstance, host: '%' });
    expect((await users.readPrivileges(clients, last))?.grants).toEqual(['app_db:read-only']);
    const pages = emulator.requests.filter(
      (request) => request.operationId === 'ListGaussMySqlDatabaseUser' && request.path.includes(fleetInstance),
    );
    expect(pages).toHaveLength(2);
    expect(await users.readPrivileges(clients, { ...last, host: '10.0.0.%' })).toBeUndefined();
    const reportUser = ref(taurusDbUser, h.dbUsers[1].name, { instanceId: taurus.instanceId, host: h.dbUsers[1].host });
    expect((await users.readPrivileges(clients, reportUser))?.grants).toEqual(['reports:read-only']);
  });

  it('with more databases than one request takes are created and granted 50 at a time', async () => {
    const { clients, context, passed } = clientsFor('huawei');
    const names = Array.from({ length: 60 }, (_, index) => `db_${String(index).padStart(2, '0')}`);
    const wide = ref(taurusDbUser, 'wide_user', taurus);
    const account = { cloud: 'huawei', instanceId: taurus.instanceId, userName: wide.userName, host: '%' } as const;
    // A test stand-in for a seeding API: 60 databases on the instance and a user granted all of them.
    for (const name of names) emulator.state.databases.get(instanceKey(account))!.add(name);
    const instance = emulator.state.huaweiInstances.get(taurus.instanceId)!;
    instance.users.set('wide_user@%', instance.root);
    emulator.state.setPrivileges(account, {
      kind: 'taurusdb',
      databases: names.map((name) => ({ name, readonly: name.endsWith('7') })),
    });
    const privileges = (await users.readPrivileges(clients, wide))!;
    expect(privileges.grants).toHaveLength(60);
    expect(privileges.grants).toContain('db_17:read-only');
    passed();

    const twin = twinOf(wide, 'wide_user_clone');
    const created = await users.createUsers(clients, [{ ref: twin, password: PASSWORD, privileges }], context);
    expect(created.apiResult).toBe('CreateGaussMySqlDatabaseUser job Completed, AddDatabasePermission job Completed');
    expect(passed()).toEqual(['create:before', 'job:created', 'grant:before', 'job:created']);
    expect((await users.readPrivileges(clients, twin))?.grants).toEqual(privileges.grants);

    const granted = await users.grant(clients, twin, privileges, context);
    expect(granted.apiResult).toBe('AddDatabasePermission job Completed, AddDatabasePermission job Completed');
    expect((await users.readPrivileges(clients, twin))?.grants).toEqual(privileges.grants);
  });

  it('send no grant for a user without databases', async () => {
    const { clients, context, passed } = clientsFor('huawei');
    const sent = emulator.requests.length;
    const applied = await users.grant(
      clients,
      ref(taurusDbUser, 'app_user', taurus),
      { grants: [], raw: { databases: [] } },
      context,
    );
    expect(applied.apiResult).toMatch(/not sent/);
    expect(emulator.requests.length).toBe(sent);
    expect(passed()).toEqual([]);
  });
});

describe('a kind', () => {
  it('refuses privileges read from another kind before sending anything', async () => {
    const { clients, context } = clientsFor('huawei');
    const sent = emulator.requests.length;
    const taurusPrivileges = { grants: [], raw: { databases: [{ name: 'reports', readonly: true }] } };
    await expect(usersOf(starRocks).grant(clients, cases[1]!.original, taurusPrivileges, context)).rejects.toThrow(
      TypeError,
    );
    expect(emulator.requests.length).toBe(sent);
  });
});
