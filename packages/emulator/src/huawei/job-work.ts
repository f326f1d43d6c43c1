import { type AccountRef, dbUserKey } from '../account-ref.js';
import type { PrivilegeChange } from '../engines/engines.js';
import type { StoredPassword } from '../password-store.js';
import type { TaurusPrivileges } from '../privileges/privileges.js';
import type { EmulatorState, HuaweiInstance, JobWork } from '../state.js';

type Databases = TaurusPrivileges['databases'];

const accountOf = (instance: HuaweiInstance, name: string, host: string): AccountRef => ({
  cloud: 'huawei',
  instanceId: instance.id,
  userName: name,
  host,
});

/**
 * Clear passwords for the engine, kept only while a real engine has yet to receive them (memory mode never holds
 * one), and forgotten once taken.
 */
function enginePasswords(state: EmulatorState, passwords: readonly string[]) {
  let held: readonly string[] | undefined = state.engines.mode === 'real' ? passwords : undefined;
  return {
    take(): readonly string[] {
      const taken = held ?? [];
      held = undefined;
      return taken;
    },
    forget() {
      held = undefined;
    },
  };
}

/** ResetGaussMySqlDatabasePassword: each user's new password. */
export function passwordWork(
  state: EmulatorState,
  instance: HuaweiInstance,
  users: ReadonlyArray<{ name: string; host: string; password: string; hash: StoredPassword }>,
): JobWork {
  const clear = enginePasswords(
    state,
    users.map((user) => user.password),
  );
  const accounts = users.map((user) => accountOf(instance, user.name, user.host));
  return {
    size: users.length,
    apply(count) {
      const previous = users
        .slice(0, count)
        .map((user) => [dbUserKey(user.name, user.host), instance.users.get(dbUserKey(user.name, user.host))] as const);
      for (const user of users.slice(0, count)) instance.users.set(dbUserKey(user.name, user.host), user.hash);
      return () => {
        for (const [key, stored] of previous) if (stored) instance.users.set(key, stored);
      };
    },
    applyInEngine(count) {
      const passwords = clear.take();
      return state.engines.setPasswords(
        accounts.slice(0, count).map((account, index) => ({ account, password: passwords[index]! })),
      );
    },
    discard: clear.forget,
    passwordsSet: (count) => accounts.slice(0, count),
    engineRefused: 'The database refused the new passwords.',
  };
}

export interface NewDatabaseUser {
  readonly name: string;
  /** One account per host. */
  readonly hosts: readonly string[];
  readonly password: string;
  readonly hash: StoredPassword;
  readonly privileges: TaurusPrivileges;
}

/** CreateGaussMySqlDatabaseUser: each user, an account per host, with its password and databases. */
export function createUsersWork(
  state: EmulatorState,
  instance: HuaweiInstance,
  users: readonly NewDatabaseUser[],
): JobWork {
  const clear = enginePasswords(
    state,
    users.map((user) => user.password),
  );
  const accountsOf = (count: number) =>
    users
      .slice(0, count)
      .flatMap((user) => user.hosts.map((host) => ({ user, account: accountOf(instance, user.name, host), host })));
  return {
    size: users.length,
    // The users did not exist when the job was accepted; one made since (by an earlier job) fails this one.
    refusal: () =>
      accountsOf(users.length).some(({ user, host }) => instance.users.has(dbUserKey(user.name, host)))
        ? 'The database user already exists.'
        : undefined,
    apply(count) {
      const undo = accountsOf(count).map(({ user, account, host }) => {
        const key = dbUserKey(user.name, host);
        const before = instance.users.get(key);
        instance.users.set(key, user.hash);
        const undoPrivileges = state.setPrivileges(account, user.privileges);
        return () => {
          if (before === undefined) instance.users.delete(key);
          else instance.users.set(key, before);
          undoPrivileges();
        };
      });
      return () => {
        for (const step of undo) step();
      };
    },
    applyInEngine(count) {
      const passwords = clear.take();
      return state.engines.createAccounts(
        accountsOf(count).map(({ user, account }) => ({
          account,
          password: passwords[users.indexOf(user)]!,
          privileges: user.privileges,
        })),
      );
    },
    discard: clear.forget,
    passwordsSet: (count) => accountsOf(count).map(({ account }) => account),
    engineRefused: 'The database refused to create the users.',
  };
}

/**
 * A user's databases after a grant: each granted database at its new level (read-only replaces read/write and the
 * other way round: the spec leaves it open, and replacing makes a copy of privileges exact), sorted by name.
 */
export function withGranted(current: Databases, granted: Databases): Databases {
  const byName = new Map(current.map((database) => [database.name, database]));
  for (const database of granted) byName.set(database.name, { name: database.name, readonly: database.readonly });
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** AddDatabasePermission: each user's accounts gain the databases. */
export function grantWork(
  state: EmulatorState,
  instance: HuaweiInstance,
  users: ReadonlyArray<{ name: string; hosts: readonly string[]; databases: Databases }>,
): JobWork {
  const accountsOf = (count: number) =>
    users
      .slice(0, count)
      .flatMap((user) => user.hosts.map((host) => ({ user, host, account: accountOf(instance, user.name, host) })));
  let granted: PrivilegeChange[] = [];
  return {
    size: users.length,
    refusal: () =>
      accountsOf(users.length).some(({ user, host }) => !instance.users.has(dbUserKey(user.name, host)))
        ? 'The database account does not exist.'
        : undefined,
    apply(count) {
      // The grants as they stand when the job completes, so that the engine gets exactly the state's result.
      granted = accountsOf(count).map(({ user, account }) => {
        const current = state.privilegesOf(account) as TaurusPrivileges;
        return { account, privileges: { ...current, databases: withGranted(current.databases, user.databases) } };
      });
      const undo = granted.map((change) => state.setPrivileges(change.account, change.privileges));
      return () => {
        for (const step of undo) step();
      };
    },
    applyInEngine: () => state.engines.setPrivileges(granted),
    discard: () => undefined,
    passwordsSet: () => [],
    engineRefused: 'Failed to modify database user permissions.',
  };
}
