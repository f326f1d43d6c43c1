import { passwordPolicies } from '@dbpass/client-taurusdb';
import { user } from '../plan/schema-parts.js';
import { targetSchema } from '../plan/target-schema.js';
import { defineKind, targetForm } from './account-kind.js';
import { clickHouseUsers } from './clickhouse-users.js';
import { huaweiSetRequest, probeHuaweiInstance, taurusOf } from './huawei-api.js';
import { alone, identityOf } from './kind-defaults.js';

/** A database user of an HTAP ClickHouse instance, logged in to over ClickHouse's HTTP interface. */
export const clickHouse = defineKind({
  kind: 'clickhouse',
  cloud: 'huawei',
  targets: [
    targetForm(targetSchema('clickhouse', { user }, ['user']), (target) => [
      { id: target.name, userName: target.user },
    ]),
  ],
  policy: passwordPolicies.UpdateClickHouseDatabaseUserPassword.password,
  maxBatch: 1,
  // Verified over HTTP: no PROXY protocol header, no login-name forms.
  loginOptions: [],
  batchKey: alone,
  identity: (ref) => identityOf(ref),
  setRequest: (ref, projectId) =>
    huaweiSetRequest('UpdateClickHouseDatabaseUserPassword', ref, projectId, { user_name: ref.userName }),
  async setBatch(clients, [{ ref, password }]) {
    const answer = await taurusOf(clients).updateClickHouseDatabaseUserPassword({
      instance_id: ref.instanceId,
      body: { user_name: ref.userName, password },
    });
    return {
      apiResult: `UpdateClickHouseDatabaseUserPassword answered ${String((answer as { result?: string }).result ?? 200)}`,
    };
  },
  probeCredentials: probeHuaweiInstance,
  loginAs: (ref) => ({ protocol: 'clickhouse-http', user: ref.userName }),
  acceptsNewPasswordLate: true,
  users: clickHouseUsers,
});
