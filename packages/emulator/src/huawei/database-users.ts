import { dbUserKey, splitUserKey } from '../account-ref.js';
import type { Reply } from '../http.js';
import { hashPassword } from '../password-store.js';
import type { TaurusPrivileges } from '../privileges/privileges.js';
import type { EmulatorState, HuaweiInstance } from '../state.js';
import {
  builtInUser,
  databaseNotFound,
  type HuaweiCall,
  type JobTiming,
  page,
  parameterError,
  passwordError,
  userExists,
  userNotFound,
} from './calls.js';
import { createUsersWork, grantWork, type NewDatabaseUser, passwordWork } from './job-work.js';
import { startJob } from './jobs.js';
import { huaweiOk } from './replies.js';

type Database = TaurusPrivileges['databases'][number];

/**
 * Account names TaurusDB keeps for itself (its system accounts and root), and the twin's own admin account.
 * Compared without case, so that `ROOT` is refused too.
 */
const BUILT_IN_USERS = new Set(
  ['root', 'rdsAdmin', 'rdsBackup', 'rdsMetric', 'rdsRepl', 'rdsProxy', 'dbpass_twin_admin'].map((name) =>
    name.toLowerCase(),
  ),
);

/** A host field's accounts: `%` when absent; `a,b` (the SDK model's comma form) is two. */
const hostsOf = (hosts: readonly string[] | undefined): string[] => [
  ...new Set((hosts ?? ['%']).flatMap((host) => host.split(','))),
];

/** The first database that is named twice or does not exist on the instance, as the cloud reports it. */
function databasesError(
  state: EmulatorState,
  instance: HuaweiInstance,
  databases: readonly Database[],
): Reply | undefined {
  const seen = new Set<string>();
  for (const database of databases) {
    if (seen.has(database.name)) return parameterError('a database appears twice for one user.');
    seen.add(database.name);
    if (!state.hasDatabase({ cloud: 'huawei', instanceId: instance.id }, database.name))
      return databaseNotFound(database.name);
  }
  return undefined;
}

const sortedDatabases = (databases: readonly Database[]): Database[] =>
  [...databases]
    .map((database) => ({ name: database.name, readonly: database.readonly }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** ListGaussMySqlDatabaseUser: the instance's database users in the order they were made, with their databases. */
export function listDatabaseUsers(state: EmulatorState, call: HuaweiCall, instance: HuaweiInstance): Reply {
  const offset = (call.params.offset as number | undefined) ?? 0;
  const limit = (call.params.limit as number | undefined) ?? 100;
  const users = [...instance.users.keys()].map((key) => {
    const [name, host] = splitUserKey(key);
    const privileges = state.privilegesOf({
      cloud: 'huawei',
      instanceId: instance.id,
      userName: name,
      host,
    }) as TaurusPrivileges;
    return {
      name,
      host,
      ...(privileges.comment === undefined ? {} : { comment: privileges.comment }),
      databases: sortedDatabases(privileges.databases),
    };
  });
  return huaweiOk(200, { users: page(users, offset, limit), total_count: users.length });
}

interface CreateBody {
  users: Array<{ name: string; password: string; comment?: string; hosts?: string[]; databases?: Database[] }>;
}

/**
 * CreateGaussMySqlDatabaseUser: checks every user now (names, passwords, databases, existing accounts), then
 * creates them in a job, an account per host, as `CREATE USER` and `GRANT` on the engine.
 */
export function createDatabaseUsers(
  state: EmulatorState,
  call: HuaweiCall,
  timing: JobTiming,
  instance: HuaweiInstance,
): Reply {
  const { users } = call.body as CreateBody;
  const names = new Set<string>();
  const made: NewDatabaseUser[] = [];
  for (const user of users) {
    if (names.has(user.name)) return parameterError('a user appears twice.');
    names.add(user.name);
    if (BUILT_IN_USERS.has(user.name.toLowerCase())) return builtInUser();
    const failed =
      passwordError('CreateGaussMySqlDatabaseUser', 'users[].password', user.password, user.name) ??
      databasesError(state, instance, user.databases ?? []);
    if (failed) return failed;
    const hosts = hostsOf(user.hosts);
    if (hosts.some((host) => instance.users.has(dbUserKey(user.name, host)))) return userExists();
    made.push({
      name: user.name,
      hosts,
      password: user.password,
      hash: hashPassword(user.password),
      privileges: {
        kind: 'taurusdb',
        databases: sortedDatabases(user.databases ?? []),
        ...(user.comment === undefined ? {} : { comment: user.comment }),
      },
    });
  }
  return startJob(state, call, timing, instance, {
    name: 'CreateDatabaseUser',
    status: 201,
    work: createUsersWork(state, instance, made),
    changes: made.flatMap((user) =>
      user.hosts.map((host) => ({ key: dbUserKey(user.name, host), password: user.hash })),
    ),
    fails: users.some((user) => timing.failingPasswords?.has(user.password)),
    failReason: 'Failed to create the database user.',
  });
}

interface GrantBody {
  users: Array<{ name: string; host: string; databases: Database[] }>;
}

/** AddDatabasePermission: checks the users and databases now, grants them in a job. */
export function addDatabasePermission(
  state: EmulatorState,
  call: HuaweiCall,
  timing: JobTiming,
  instance: HuaweiInstance,
): Reply {
  const { users } = call.body as GrantBody;
  const seen = new Set<string>();
  for (const user of users) {
    const key = dbUserKey(user.name, user.host);
    if (seen.has(key)) return parameterError('a user appears twice.');
    seen.add(key);
    if (hostsOf([user.host]).some((host) => !instance.users.has(dbUserKey(user.name, host)))) return userNotFound();
    const failed = databasesError(state, instance, user.databases);
    if (failed) return failed;
  }
  return startJob(state, call, timing, instance, {
    name: 'AddDatabasePermission',
    status: 201,
    work: grantWork(
      state,
      instance,
      users.map((user) => ({ name: user.name, hosts: hostsOf([user.host]), databases: user.databases })),
    ),
    failReason: 'Failed to modify database user permissions.',
  });
}

/** ResetGaussMySqlDatabasePassword: checks every user now, sets the passwords in a job. */
export function resetDatabasePasswords(
  state: EmulatorState,
  call: HuaweiCall,
  timing: JobTiming,
  instance: HuaweiInstance,
): Reply {
  const users: Array<{ name: string; host: string; password: string }> = call.body.users;
  const seen = new Set<string>();
  for (const user of users) {
    const key = dbUserKey(user.name, user.host);
    if (seen.has(key)) return parameterError('a user appears twice.');
    seen.add(key);
    if (!instance.users.has(key)) return userNotFound();
    const failed = passwordError('ResetGaussMySqlDatabasePassword', 'users[].password', user.password, user.name);
    if (failed) return failed;
  }
  const hashed = users.map((user) => ({ ...user, hash: hashPassword(user.password) }));
  return startJob(state, call, timing, instance, {
    name: 'ResetDatabasePassword',
    status: 202,
    work: passwordWork(state, instance, hashed),
    changes: hashed.map((user) => ({ key: dbUserKey(user.name, user.host), password: user.hash })),
    fails: users.some((user) => timing.failingPasswords?.has(user.password)),
    failReason: 'Failed to change the password of the database user.',
  });
}
