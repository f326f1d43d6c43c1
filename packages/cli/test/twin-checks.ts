import type { Emulator, AccountRef as EmulatorAccount, UserPrivileges } from '@dbpass/emulator';
import type { AccountRef, SecretVersion } from '@dbpass/rotate';
import { loginTargetFor } from '@dbpass/rotate/verify';
import * as verify from '@dbpass/verify';
import type { CliFixture } from './cli-fixture.js';
import { runProgram } from './run-cli.js';

/** Users on the emulated clouds (every instance's and tenant's). */
const userCount = (emulator: Emulator): number =>
  [...emulator.state.huaweiInstances.values()].reduce((count, instance) => count + instance.users.size, 0) +
  emulator.state.oceanbaseUsers.size;

/**
 * A MySQL-protocol user's SHOW GRANTS through the `mariadb` client, logged in as that user (password in MYSQL_PWD),
 * without its own name and password hash, so that two users' lists compare.
 */
async function mysqlGrants(host: string, port: number, user: string, password: string): Promise<string> {
  const { code, stdout, stderr } = await runProgram(
    'mariadb',
    ['--no-defaults', '--skip-ssl', '-h', host, '-P', String(port), '-u', user, '-N', '-B', '-e', 'SHOW GRANTS'],
    { env: { PATH: process.env.PATH ?? '', MYSQL_PWD: password } },
  );
  if (code !== 0)
    throw new Error(`the mariadb client could not read ${user}'s grants (${stderr.trim().split('\n')[0]})`);
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.replace(/ IDENTIFIED BY PASSWORD '[^']*'/, '').replace(/ TO \S+/, ''))
    .sort()
    .join('\n');
}

/** The emulator's name for a database user of the plan. */
const emulatorAccount = (ref: AccountRef): EmulatorAccount =>
  ref.cloud === 'oceanbase'
    ? { cloud: 'oceanbase', instanceId: ref.instanceId, tenantId: ref.tenantId!, userName: ref.userName }
    : {
        cloud: 'huawei',
        instanceId: ref.instanceId,
        userName: ref.userName,
        ...(ref.host === undefined ? {} : { host: ref.host }),
      };

/**
 * The original's privileges changed as a DBA would change them outside dbpass (a level up or down, a database's
 * role flipped), so that the next rotation must grant its twin the same.
 */
function drifted(privileges: UserPrivileges): UserPrivileges {
  switch (privileges.kind) {
    case 'taurusdb':
      return {
        ...privileges,
        databases: privileges.databases.map((database, index) =>
          index === 0 ? { ...database, readonly: !database.readonly } : database,
        ),
      };
    case 'starrocks':
      return { ...privileges, dml: (privileges.dml + 1) % 4 };
    case 'clickhouse':
      return { ...privileges, dml: privileges.dml === 1 ? 2 : 1 };
    case 'oceanbase':
      return {
        ...privileges,
        roles: privileges.roles.map((role, index) =>
          index === 0 ? { ...role, role: role.role === 'ReadOnly' ? 'ReadWrite' : 'ReadOnly' } : role,
        ),
      };
  }
}

const withUser = (ref: AccountRef, version: SecretVersion): AccountRef =>
  version.username === undefined ? ref : { ...ref, userName: version.username };

/**
 * The twin checks of the alternating crash suite. Before each round the originals' privileges drift; after a
 * completed round: each alternating account has its twin
 * and no other user was made (the emulator's users: the count at adoption plus one per account), and each twin has
 * its original's privileges, read through the `mariadb` client logged in as each of the two users (CURRENT's and
 * PREVIOUS's: both work between rotations) where it reaches them, else the emulator's record (ClickHouse; a
 * host-restricted user, which only PROXY headers reach from here).
 */
export function twinChecks(): {
  afterAdoption: (fixture: CliFixture) => Promise<void>;
  beforeRound: (fixture: CliFixture) => Promise<void>;
  twinProblems: (fixture: CliFixture) => Promise<string[]>;
} {
  let usersAtAdoption = 0;
  return {
    afterAdoption: async (fixture) => {
      usersAtAdoption = userCount(fixture.emulator);
    },
    beforeRound: async ({ emulator, accounts }) => {
      for (const ref of accounts) {
        if (ref.twin === undefined) continue;
        const account = emulatorAccount(ref);
        const privileges = drifted(emulator.state.privilegesOf(account));
        await emulator.engines.setPrivileges([{ account, privileges }]);
        emulator.state.setPrivileges(account, privileges);
      }
    },
    twinProblems: async (fixture) => {
      const alternating = fixture.accounts.filter((ref) => ref.twin !== undefined);
      const problems: string[] = [];
      const users = userCount(fixture.emulator);
      if (users !== usersAtAdoption + alternating.length)
        problems.push(`${users} users on the engines; expected ${usersAtAdoption} + ${alternating.length} twins`);
      const store = await fixture.openStore();
      for (const ref of alternating) {
        const [current, previous] = [await store.read(ref.id, 'CURRENT'), await store.read(ref.id, 'PREVIOUS')];
        if (!current?.password || !previous?.password || current.username === previous.username) {
          problems.push(`${ref.id}: CURRENT and PREVIOUS are not the two users' passwords`);
          continue;
        }
        const [a, b] = [withUser(ref, current), withUser(ref, previous)];
        const target = await loginTargetFor(verify, a);
        if (target.protocol === 'mysql' && !target.proxySource) {
          const [grantsA, grantsB] = [
            await mysqlGrants(target.host, target.port, a.userName, current.password),
            await mysqlGrants(target.host, target.port, b.userName, previous.password),
          ];
          if (grantsA !== grantsB) problems.push(`${ref.id}: ${a.userName} and ${b.userName} have other grants`);
          continue;
        }
        const record = (userName: string) => {
          const { comment: _comment, ...grants } = fixture.emulator.state.privilegesOf(
            emulatorAccount({ ...ref, userName }),
          ) as { comment?: string };
          return JSON.stringify(grants);
        };
        if (record(a.userName) !== record(b.userName))
          problems.push(`${ref.id}: ${a.userName} and ${b.userName} have other privileges on the emulator`);
      }
      return problems;
    },
  };
}
