import type { AccountRef } from '../account-ref.js';
import type { Reply } from '../http.js';
import { hashPassword } from '../password-store.js';
import { ALL_DATABASES, type ClickHousePrivileges, type StarRocksPrivileges } from '../privileges/privileges.js';
import type { EmulatorState, HuaweiInstance } from '../state.js';
import {
  builtInUser,
  databaseNotFound,
  type HuaweiCall,
  page,
  passwordError,
  userExists,
  userNotFound,
} from './calls.js';
import { huaweiOk } from './replies.js';

type HtapPrivileges = StarRocksPrivileges | ClickHousePrivileges;

/** Names the engines keep for themselves (StarRocks' root, ClickHouse's default) and the twin's own admin. */
const BUILT_IN_USERS = new Set(['root', 'default', 'dbpass_twin_admin']);

const OPERATIONS = {
  starrocks: {
    create: 'CreateStarRocksDatabaseUser',
    password: 'UpdateStarRocksDatabaseUserPassword',
  },
  clickhouse: {
    create: 'CreateClickHouseDatabaseUser',
    password: 'UpdateClickHouseDatabaseUserPassword',
  },
} as const;

const accountOf = (instance: HuaweiInstance, userName: string): AccountRef => ({
  cloud: 'huawei',
  instanceId: instance.id,
  userName,
});

/** A database the account may be granted: `*`, one of the instance's, or StarRocks' `information_schema`. */
function databasesError(
  state: EmulatorState,
  instance: HuaweiInstance,
  databases: readonly string[],
): Reply | undefined {
  const missing = databases.find(
    (database) =>
      database !== ALL_DATABASES &&
      !(instance.kind === 'starrocks' && database.toLowerCase() === 'information_schema') &&
      !state.hasDatabase(accountOf(instance, ''), database),
  );
  return missing === undefined ? undefined : databaseNotFound(missing);
}

/** ShowStarRocksDatabaseUser, ShowClickHouseDatabaseUser: one page of the accounts, or the one named. */
export function showHtapUsers(state: EmulatorState, call: HuaweiCall, instance: HuaweiInstance): Reply {
  const wanted = call.params.user_name as string | undefined;
  const names = [...instance.users.keys()].filter((name) => wanted === undefined || name === wanted);
  const details = names.map((name) => {
    const privileges = state.privilegesOf(accountOf(instance, name)) as HtapPrivileges;
    const databases = [...privileges.databases].sort();
    return privileges.kind === 'starrocks'
      ? { user_name: name, data_bases: databases, dml: privileges.dml, ddl: privileges.ddl }
      : // No ClickHouse operation sets a DDL privilege; the answer has one all the same.
        { user_name: name, databases, dml: privileges.dml, ddl: 0 };
  });
  const limit = (call.params.limit as number | undefined) ?? 10;
  const offset = (call.params.offset as number | undefined) ?? 0;
  return huaweiOk(200, { user_details: page(details, offset, limit), total_count: details.length });
}

interface CreateBody {
  user_name: string;
  password: string;
  databases: string[];
  dml?: number;
  ddl?: number;
}

/** CreateStarRocksDatabaseUser, CreateClickHouseDatabaseUser: the account exists in the engine before the 200. */
export async function createHtapUser(state: EmulatorState, call: HuaweiCall, instance: HuaweiInstance): Promise<Reply> {
  const kind = instance.kind as HtapPrivileges['kind'];
  const body = call.body as CreateBody;
  const userName = body.user_name;
  if (BUILT_IN_USERS.has(userName)) return builtInUser();
  if (instance.users.has(userName)) return userExists();
  const failed =
    passwordError(OPERATIONS[kind].create, 'password', body.password, userName) ??
    databasesError(state, instance, body.databases);
  if (failed) return failed;
  const privileges: HtapPrivileges =
    kind === 'starrocks'
      ? { kind, databases: body.databases, dml: body.dml ?? 2, ddl: body.ddl ?? 0 }
      : { kind, databases: body.databases, dml: body.dml ?? 2 };
  const account = accountOf(instance, userName);
  // In the state first, so that a second request for the name while the engine works is refused.
  instance.users.set(userName, hashPassword(body.password));
  const undo = state.setPrivileges(account, privileges);
  try {
    await state.engines.createAccounts([{ account, password: body.password, privileges }]);
  } catch (error) {
    instance.users.delete(userName);
    undo();
    throw error;
  }
  state.recordApplication(account);
  return huaweiOk(200, { result: 'SUCCESS' });
}

interface PermissionBody {
  user_name: string;
  databases?: string[];
  dml?: number;
  ddl?: number;
}

/**
 * UpdateStarRocksDatabaseUserPermission, UpdateClickHouseDatabaseUserPermission: the account's databases and
 * levels become the body's. A field the body leaves out keeps its current value: the StarRocks pages say
 * nothing about omitted fields (only `user_name` is required there; ClickHouse requires all three), and keeping
 * them is the reading that never takes away a privilege the caller did not mention.
 */
export async function updateHtapPermission(
  state: EmulatorState,
  call: HuaweiCall,
  instance: HuaweiInstance,
): Promise<Reply> {
  const body = call.body as PermissionBody;
  if (!instance.users.has(body.user_name)) return userNotFound();
  if (body.databases) {
    const failed = databasesError(state, instance, body.databases);
    if (failed) return failed;
  }
  const account = accountOf(instance, body.user_name);
  const current = state.privilegesOf(account) as HtapPrivileges;
  const privileges: HtapPrivileges =
    current.kind === 'starrocks'
      ? {
          ...current,
          databases: body.databases ?? current.databases,
          dml: body.dml ?? current.dml,
          ddl: body.ddl ?? current.ddl,
        }
      : { ...current, databases: body.databases ?? current.databases, dml: body.dml ?? current.dml };
  await state.engines.setPrivileges([{ account, privileges }]);
  state.setPrivileges(account, privileges);
  return huaweiOk(200, { result: 'SUCCESS' });
}

/** UpdateStarRocksDatabaseUserPassword, UpdateClickHouseDatabaseUserPassword: the engine changes before the 200. */
export async function updateHtapPassword(
  state: EmulatorState,
  call: HuaweiCall,
  instance: HuaweiInstance,
): Promise<Reply> {
  const kind = instance.kind as HtapPrivileges['kind'];
  const { user_name: userName, password } = call.body as { user_name: string; password: string };
  if (!instance.users.has(userName)) return userNotFound();
  const failed = passwordError(OPERATIONS[kind].password, 'password', password, userName);
  if (failed) return failed;
  const account = accountOf(instance, userName);
  await state.engines.setPasswords([{ account, password }]);
  instance.users.set(userName, hashPassword(password));
  state.recordApplication(account);
  return huaweiOk(200, { result: 'SUCCESS' });
}
