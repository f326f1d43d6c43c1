import { passwordPolicies } from '@dbpass/client-taurusdb';
import { user } from '../plan/schema-parts.js';
import { targetSchema } from '../plan/target-schema.js';
import { defineKind, targetForm } from './account-kind.js';
import { huaweiSetRequest, probeHuaweiInstance, taurusOf } from './huawei-api.js';
import { alone, identityOf } from './kind-defaults.js';
import { mysqlLogin } from './mysql-login.js';
import { starRocksUsers } from './starrocks-users.js';

/** A database user of an HTAP StarRocks instance, logged in to over the MySQL protocol. */
export const starRocks = defineKind({
  kind: 'starrocks',
  cloud: 'huawei',
  targets: [
    targetForm(targetSchema('starrocks', { user }, ['user']), (target) => [{ id: target.name, userName: target.user }]),
  ],
  policy: passwordPolicies.UpdateStarRocksDatabaseUserPassword.password,
  maxBatch: 1,
  loginOptions: ['proxySource'],
  batchKey: alone,
  identity: (ref) => identityOf(ref),
  setRequest: (ref, projectId) =>
    huaweiSetRequest('UpdateStarRocksDatabaseUserPassword', ref, projectId, { user_name: ref.userName }),
  async setBatch(clients, [{ ref, password }]) {
    const answer = await taurusOf(clients).updateStarRocksDatabaseUserPassword({
      instance_id: ref.instanceId,
      body: { user_name: ref.userName, password },
    });
    return {
      apiResult: `UpdateStarRocksDatabaseUserPassword answered ${String((answer as { result?: string }).result ?? 200)}`,
    };
  },
  probeCredentials: probeHuaweiInstance,
  loginAs: (ref, login) => mysqlLogin(ref, login),
  users: starRocksUsers,
});
