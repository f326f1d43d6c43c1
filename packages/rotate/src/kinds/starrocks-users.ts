import type { CreateStarRocksDatabaseUserInput } from '@dbpass/client-taurusdb';
import type { Applied, UserManagement } from './account-kind.js';
import { DDL_LEVELS, findHtapUser, type HtapLevels, htapPrivileges, htapRawOf } from './htap-privileges.js';
import { huaweiSetRequest, taurusOf } from './huawei-api.js';

/** StarRocks' DML levels (ShowStarRocksDatabaseUser). */
const LEVELS: HtapLevels = {
  dml: { 0: 'read-write', 1: 'read-only', 2: 'read-only and settings', 3: 'read-write and settings' },
  ddl: DDL_LEVELS,
};

/**
 * The levels as the create and update operations type them: a level the show operation reads but they do not take
 * is refused by the client's validation (nothing is sent).
 */
const levelsOf = (dml: number, ddl: number) => ({
  dml: dml as NonNullable<CreateStarRocksDatabaseUserInput['body']['dml']>,
  ddl: ddl as NonNullable<CreateStarRocksDatabaseUserInput['body']['ddl']>,
});

/**
 * HTAP StarRocks accounts: shown with ShowStarRocksDatabaseUser (`data_bases`), created with
 * CreateStarRocksDatabaseUser, their databases and both levels set with UpdateStarRocksDatabaseUserPermission, which
 * replaces them. Each call is answered once it is done.
 */
export const starRocksUsers: UserManagement = {
  createRequest: (ref, projectId) =>
    huaweiSetRequest('CreateStarRocksDatabaseUser', ref, projectId, { user_name: ref.userName, databases: [] }),

  async readPrivileges(clients, ref) {
    const taurus = taurusOf(clients);
    const account = await findHtapUser(ref, (query) => taurus.showStarRocksDatabaseUser(query));
    return account && htapPrivileges({ ...account, databases: account.data_bases }, LEVELS);
  },

  async createUsers(clients, users, { checkpoint }): Promise<Applied> {
    const taurus = taurusOf(clients);
    const results: string[] = [];
    for (const { ref, password, privileges } of users) {
      const { databases, dml, ddl } = htapRawOf(privileges);
      checkpoint('create:before');
      const answer = await taurus.createStarRocksDatabaseUser({
        instance_id: ref.instanceId,
        body: { user_name: ref.userName, password, databases: [...databases], ...levelsOf(dml, ddl) },
      });
      results.push(`CreateStarRocksDatabaseUser answered ${answer.result ?? 200}`);
    }
    return { apiResult: results.join(', ') };
  },

  async grant(clients, ref, privileges, { checkpoint }): Promise<Applied> {
    const { databases, dml, ddl } = htapRawOf(privileges);
    checkpoint('grant:before');
    // All three fields: what an omitted one does is not documented.
    const answer = await taurusOf(clients).updateStarRocksDatabaseUserPermission({
      instance_id: ref.instanceId,
      body: { user_name: ref.userName, databases: [...databases], ...levelsOf(dml, ddl) },
    });
    return { apiResult: `UpdateStarRocksDatabaseUserPermission answered ${answer.result ?? 200}` };
  },
};
