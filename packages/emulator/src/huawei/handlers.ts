import type { Reply } from '../http.js';
import { hashPassword } from '../password-store.js';
import type { EmulatorState, HuaweiInstanceKind } from '../state.js';
import { type HuaweiCall, instanceFor, type JobTiming, notFound, passwordError } from './calls.js';
import {
  addDatabasePermission,
  createDatabaseUsers,
  listDatabaseUsers,
  resetDatabasePasswords,
} from './database-users.js';
import { createHtapUser, showHtapUsers, updateHtapPassword, updateHtapPermission } from './htap-users.js';
import { showJob } from './jobs.js';
import { huaweiError, huaweiOk } from './replies.js';
import { isWeakPassword } from './weak-passwords.js';

export type { HuaweiCall, JobTiming } from './calls.js';

/** The instance kind each operation works on (ShowGaussMySqlJobInfo names none: a job id is per project). */
const KIND: Readonly<Record<string, HuaweiInstanceKind>> = {
  ShowGaussMySqlInstanceInfoUnifyStatus: 'taurusdb',
  ResetGaussMySqlPassword: 'taurusdb',
  ResetGaussMySqlDatabasePassword: 'taurusdb',
  ListGaussMySqlDatabaseUser: 'taurusdb',
  CreateGaussMySqlDatabaseUser: 'taurusdb',
  AddDatabasePermission: 'taurusdb',
  UpdateStarRocksDatabaseUserPassword: 'starrocks',
  ShowStarRocksDatabaseUser: 'starrocks',
  CreateStarRocksDatabaseUser: 'starrocks',
  UpdateStarRocksDatabaseUserPermission: 'starrocks',
  UpdateClickHouseDatabaseUserPassword: 'clickhouse',
  ShowClickHouseDatabaseUser: 'clickhouse',
  CreateClickHouseDatabaseUser: 'clickhouse',
  UpdateClickHouseDatabaseUserPermission: 'clickhouse',
};

export async function handleHuawei(state: EmulatorState, call: HuaweiCall, timing: JobTiming): Promise<Reply> {
  await state.settleJobsInEngines(call.now);
  if (call.operationId === 'ShowGaussMySqlJobInfo') return showJob(state, call);
  const kind = KIND[call.operationId];
  if (!kind)
    return huaweiError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.', {
      gateway: true,
    });
  const instance = instanceFor(state, call, kind);
  if (!instance) return notFound();
  switch (call.operationId) {
    case 'ShowGaussMySqlInstanceInfoUnifyStatus': {
      // The twin's address: its real engine on loopback; in memory mode there is nowhere to log in.
      const address = state.engines.addresses.get(instance.id);
      return huaweiOk(200, {
        instance: {
          id: instance.id,
          name: instance.name,
          project_id: instance.projectId,
          status: 'normal',
          port: String(address?.port ?? 3306),
          private_write_ips: address ? [address.host] : [],
          public_ips: '',
          db_user_name: 'root',
          type: 'Cluster',
          node_count: 1,
          datastore: { type: 'gaussdb-mysql', version: address ? 'MariaDB 10.11 (dbpass twin)' : '8.0' },
        },
      });
    }
    case 'ResetGaussMySqlPassword': {
      const password: string = call.body.password;
      const failed = passwordError('ResetGaussMySqlPassword', 'password', password);
      if (failed) return failed;
      if (isWeakPassword(password))
        return huaweiError(400, 'DBS.280203', 'This is a weak password. Please enter a strong password.');
      await state.engines.setPasswords([{ account: { cloud: 'huawei', instanceId: instance.id }, password }]);
      instance.root = hashPassword(password);
      state.recordApplication({ cloud: 'huawei', instanceId: instance.id });
      return huaweiOk(200, {});
    }
    case 'ResetGaussMySqlDatabasePassword':
      return resetDatabasePasswords(state, call, timing, instance);
    case 'ListGaussMySqlDatabaseUser':
      return listDatabaseUsers(state, call, instance);
    case 'CreateGaussMySqlDatabaseUser':
      return createDatabaseUsers(state, call, timing, instance);
    case 'AddDatabasePermission':
      return addDatabasePermission(state, call, timing, instance);
    case 'UpdateStarRocksDatabaseUserPassword':
    case 'UpdateClickHouseDatabaseUserPassword':
      return updateHtapPassword(state, call, instance);
    case 'ShowStarRocksDatabaseUser':
    case 'ShowClickHouseDatabaseUser':
      return showHtapUsers(state, call, instance);
    case 'CreateStarRocksDatabaseUser':
    case 'CreateClickHouseDatabaseUser':
      return createHtapUser(state, call, instance);
    default:
      return updateHtapPermission(state, call, instance);
  }
}
