import type { CreateClickHouseDatabaseUserInput } from '@dbpass/client-taurusdb';
import type { Applied, UserManagement } from './account-kind.js';
import { DDL_LEVELS, findHtapUser, type HtapLevels, htapPrivileges, htapRawOf } from './htap-privileges.js';
import { huaweiSetRequest, taurusOf } from './huawei-api.js';

/** ClickHouse's DML levels (ShowClickHouseDatabaseUser), read like its `readonly` setting. */
const LEVELS: HtapLevels = { dml: { 1: 'read-only', 2: 'read and settings' }, ddl: DDL_LEVELS };

/**
 * The DML level as the create and update operations type it: a level the show operation reads but they do not take
 * is refused by the client's validation (nothing is sent).
 */
const dmlOf = (dml: number) => dml as NonNullable<CreateClickHouseDatabaseUserInput['body']['dml']>;

/**
 * HTAP ClickHouse accounts: shown with ShowClickHouseDatabaseUser, created with CreateClickHouseDatabaseUser, their
 * databases and DML level set with UpdateClickHouseDatabaseUserPermission, which replaces them. The show operation
 * also reads a DDL level that no operation sets: it is part of the grants, so a twin whose DDL differs is found by
 * comparing them, not hidden. Each call is answered once it is done.
 */
export const clickHouseUsers: UserManagement = {
  createRequest: (ref, projectId) =>
    huaweiSetRequest('CreateClickHouseDatabaseUser', ref, projectId, { user_name: ref.userName, databases: [] }),

  async readPrivileges(clients, ref) {
    const taurus = taurusOf(clients);
    const account = await findHtapUser(ref, (query) => taurus.showClickHouseDatabaseUser(query));
    return account && htapPrivileges(account, LEVELS);
  },

  async createUsers(clients, users, { checkpoint }): Promise<Applied> {
    const taurus = taurusOf(clients);
    const results: string[] = [];
    for (const { ref, password, privileges } of users) {
      const { databases, dml } = htapRawOf(privileges);
      checkpoint('create:before');
      const answer = await taurus.createClickHouseDatabaseUser({
        instance_id: ref.instanceId,
        body: { user_name: ref.userName, password, databases: [...databases], dml: dmlOf(dml) },
      });
      results.push(`CreateClickHouseDatabaseUser answered ${answer.result ?? 200}`);
    }
    return { apiResult: results.join(', ') };
  },

  async grant(clients, ref, privileges, { checkpoint }): Promise<Applied> {
    const { databases, dml } = htapRawOf(privileges);
    checkpoint('grant:before');
    const answer = await taurusOf(clients).updateClickHouseDatabaseUserPermission({
      instance_id: ref.instanceId,
      body: { user_name: ref.userName, databases: [...databases], dml: dmlOf(dml) },
    });
    return { apiResult: `UpdateClickHouseDatabaseUserPermission answered ${answer.result ?? 200}` };
  },
};
