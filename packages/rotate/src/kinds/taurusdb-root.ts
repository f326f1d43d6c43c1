import { passwordPolicies } from '@dbpass/client-taurusdb';
import { targetSchema } from '../plan/target-schema.js';
import { defineKind, targetForm } from './account-kind.js';
import { huaweiSetRequest, probeHuaweiInstance, taurusOf } from './huawei-api.js';
import { alone, identityOf } from './kind-defaults.js';
import { mysqlLogin } from './mysql-login.js';
import { taurusDbUser } from './taurusdb-db-user.js';

/** The root account of a TaurusDB instance, reset through ResetGaussMySqlPassword. */
export const taurusDbRoot = defineKind({
  kind: 'taurusdb-root',
  cloud: 'huawei',
  targets: [targetForm(targetSchema('taurusdb-root', {}, []), (target) => [{ id: target.name, userName: 'root' }])],
  policy: passwordPolicies.ResetGaussMySqlPassword.password,
  maxBatch: 1,
  loginOptions: ['proxySource'],
  batchKey: alone,
  // TaurusDB's root is the MySQL user root@% of its instance: a database-user target naming it is the same account.
  identity: (ref) => identityOf(ref, { kind: taurusDbUser.kind, host: '%' }),
  setRequest: (ref, projectId) => huaweiSetRequest('ResetGaussMySqlPassword', ref, projectId, {}),
  async setBatch(clients, [{ ref, password }]) {
    await taurusOf(clients).resetGaussMySqlPassword({ instance_id: ref.instanceId, body: { password } });
    return { apiResult: 'ResetGaussMySqlPassword answered 200' };
  },
  probeCredentials: probeHuaweiInstance,
  loginAs: (ref, login) => mysqlLogin(ref, login),
});
