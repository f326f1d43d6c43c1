import type { TaurusDbClient } from '@dbpass/client-taurusdb';
import type { AccountRef } from '../account-ref.js';
import type { GroupClients } from '../protocol/connection-clients.js';
import type { Applied, SetContext, UserGrant, UserManagement, UserPrivileges } from './account-kind.js';
import { huaweiSetRequest, taurusOf } from './huawei-api.js';
import { canonicalGrants, chunksOf, findAllOnPages } from './privileges.js';
import { waitForTaurusJob } from './taurus-job.js';

/** The most databases one user takes in one CreateGaussMySqlDatabaseUser or AddDatabasePermission request. */
const MAX_DATABASES_PER_REQUEST = 50;

/** One database granted to a TaurusDB user, as ListGaussMySqlDatabaseUser reads it and the create and grant take it. */
export interface TaurusDatabaseGrant {
  readonly name: string;
  readonly readonly: boolean;
}

/** A TaurusDB user's `UserPrivileges.raw`: its databases, sorted by name. */
export interface TaurusUserPrivileges {
  readonly databases: readonly TaurusDatabaseGrant[];
}

const hostOf = (ref: AccountRef): string => ref.host ?? '%';

/** `app_db:read-write`, `reports:read-only`: the two levels the API reads and grants. */
const grantLine = (database: TaurusDatabaseGrant) =>
  `${database.name}:${database.readonly ? 'read-only' : 'read-write'}`;

function databasesOf(privileges: UserPrivileges): readonly TaurusDatabaseGrant[] {
  const raw = privileges.raw as Partial<TaurusUserPrivileges> | undefined;
  if (!Array.isArray(raw?.databases))
    throw new TypeError('these privileges were not read from a TaurusDB database user');
  return raw.databases;
}

/** A user's databases in runs of at most 50, as the create and the grant take them. */
const databaseRuns = (privileges: UserPrivileges) => chunksOf(databasesOf(privileges), MAX_DATABASES_PER_REQUEST);

interface UserGrants {
  readonly name: string;
  readonly host: string;
  readonly runs: readonly (readonly TaurusDatabaseGrant[])[];
}

/**
 * Grants the users' runs of databases from `first` on, one AddDatabasePermission job per run (every user's n-th run
 * in the n-th job), each waited for. The jobs' results and the first job's id.
 */
async function grantRuns(
  taurus: TaurusDbClient,
  instanceId: string,
  users: readonly UserGrants[],
  first: number,
  context: SetContext,
): Promise<{ results: string[]; jobId?: string }> {
  const results: string[] = [];
  let firstJob: string | undefined;
  for (let run = first; ; run += 1) {
    const grants = users.flatMap(({ name, host, runs }) => {
      const databases = runs[run];
      return databases ? [{ name, host, databases: [...databases] }] : [];
    });
    if (grants.length === 0) return { results, ...(firstJob === undefined ? {} : { jobId: firstJob }) };
    context.checkpoint('grant:before');
    const { job_id: jobId } = await taurus.addDatabasePermission({ instance_id: instanceId, body: { users: grants } });
    firstJob ??= jobId;
    const job = await waitForTaurusJob(taurus, jobId, context);
    results.push(`AddDatabasePermission job ${job.status}`);
  }
}

/** The users' privileges, in one pass over ListGaussMySqlDatabaseUser's pages (it has no name filter). */
async function readTaurusPrivileges(
  clients: GroupClients,
  refs: readonly AccountRef[],
): Promise<(UserPrivileges | undefined)[]> {
  const taurus = taurusOf(clients);
  const users = await findAllOnPages(
    async (offset, limit) => {
      const page = await taurus.listGaussMySqlDatabaseUser({ instance_id: refs[0]!.instanceId, offset, limit });
      return { items: page.users, total: page.total_count };
    },
    refs.map(
      (ref) => (listed: { name: string; host: string }) => listed.name === ref.userName && listed.host === hostOf(ref),
    ),
  );
  return users.map((user) => {
    if (!user) return undefined;
    const databases = (user.databases ?? [])
      .map(({ name, readonly }) => ({ name, readonly }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { grants: canonicalGrants(databases.map(grantLine)), raw: { databases } satisfies TaurusUserPrivileges };
  });
}

/**
 * TaurusDB database users: listed with ListGaussMySqlDatabaseUser (no name filter: every page is read until the
 * users asked together are found), created in one CreateGaussMySqlDatabaseUser job per batch with the original's
 * host, granted with AddDatabasePermission, which only adds.
 */
export const taurusDbUsers: UserManagement = {
  createRequest: (ref, projectId) =>
    huaweiSetRequest('CreateGaussMySqlDatabaseUser', ref, projectId, {
      users: [{ name: ref.userName, hosts: [hostOf(ref)] }],
    }),

  async readPrivileges(clients, ref) {
    const [privileges] = await readTaurusPrivileges(clients, [ref]);
    return privileges;
  },

  readManyPrivileges: readTaurusPrivileges,

  async createUsers(clients, users, context): Promise<Applied> {
    const taurus = taurusOf(clients);
    const instanceId = users[0].ref.instanceId;
    const granted = users.map((user) => ({
      name: user.ref.userName,
      host: hostOf(user.ref),
      runs: databaseRuns(user.privileges),
    }));
    context.checkpoint('create:before');
    const { job_id: jobId } = await taurus.createGaussMySqlDatabaseUser({
      instance_id: instanceId,
      body: {
        users: users.map((user, index) => {
          const databases = granted[index]!.runs[0];
          return {
            name: user.ref.userName,
            password: user.password,
            hosts: [hostOf(user.ref)],
            ...(databases ? { databases: [...databases] } : {}),
          };
        }),
      },
    });
    const job = await waitForTaurusJob(taurus, jobId, context);
    // A user with more databases than one request takes gets the rest granted, 50 at a time.
    const rest = await grantRuns(taurus, instanceId, granted, 1, context);
    return { apiResult: [`CreateGaussMySqlDatabaseUser job ${job.status}`, ...rest.results].join(', '), jobId };
  },

  grant: (clients, ref, privileges, context) => grantTaurusUsers(clients, [{ ref, privileges }], context),

  grantMany: grantTaurusUsers,
};

/** Grants each user its databases: every user's n-th run of 50 in the n-th AddDatabasePermission job. */
async function grantTaurusUsers(
  clients: GroupClients,
  grants: readonly UserGrant[],
  context: SetContext,
): Promise<Applied> {
  const users = grants.map(({ ref, privileges }) => ({
    name: ref.userName,
    host: hostOf(ref),
    runs: databaseRuns(privileges),
  }));
  if (users.every((user) => user.runs.length === 0))
    return { apiResult: 'AddDatabasePermission not sent: no database to grant' };
  const { results, jobId } = await grantRuns(taurusOf(clients), grants[0]!.ref.instanceId, users, 0, context);
  return { apiResult: results.join(', '), ...(jobId === undefined ? {} : { jobId }) };
}
