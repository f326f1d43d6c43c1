import { oceanBaseService, passwordPolicies } from '@dbpass/client-oceanbase';
import { instanceId, user } from '../plan/schema-parts.js';
import { targetSchema } from '../plan/target-schema.js';
import { defineKind, targetForm } from './account-kind.js';
import { alone, identityOf, tenantOf } from './kind-defaults.js';
import { mysqlLogin } from './mysql-login.js';
import { oceanBaseOf } from './oceanbase-api.js';
import { oceanBaseUsers } from './oceanbase-users.js';

/** A user of an OceanBase Cloud tenant, logged in to over the MySQL protocol with one of OceanBase's name forms. */
export const oceanBaseTenantUser = defineKind({
  kind: 'oceanbase-tenant-user',
  cloud: 'oceanbase',
  targets: [
    targetForm(
      targetSchema('oceanbase-tenant-user', { tenantId: instanceId, user }, ['tenantId', 'user']),
      (target) => [{ id: target.name, userName: target.user, tenantId: target.tenantId }],
    ),
  ],
  policy: passwordPolicies.ModifyTenantUserPassword.userPassword,
  maxBatch: 1,
  loginOptions: ['loginName', 'proxySource'],
  batchKey: alone,
  identity: (ref) => identityOf(ref),
  setRequest: (ref, projectId) => ({
    operationId: 'ModifyTenantUserPassword',
    operation: oceanBaseService.operations.ModifyTenantUserPassword,
    params: {
      path: { instanceId: ref.instanceId, tenantId: ref.tenantId, userName: ref.userName },
      query: { requestId: '00000000-0000-4000-8000-000000000000' },
      header: { 'X-Ob-Project-Id': projectId },
    },
    body: {},
  }),
  async setBatch(clients, [{ ref, password }]) {
    await oceanBaseOf(clients).modifyTenantUserPassword({
      instanceId: ref.instanceId,
      tenantId: tenantOf(ref),
      userName: ref.userName,
      body: { userPassword: password },
    });
    return { apiResult: 'ModifyTenantUserPassword answered success' };
  },
  async probeCredentials(clients, ref) {
    await oceanBaseOf(clients).describeTenant({ instanceId: ref.instanceId, tenantId: tenantOf(ref) });
  },
  loginAs: (ref, login, names) =>
    mysqlLogin(
      ref,
      login,
      names.oceanbaseLoginName(
        { userName: ref.userName, tenant: tenantOf(ref), cluster: ref.instanceId },
        login.loginName ?? 'plain',
      ),
    ),
  users: oceanBaseUsers,
});
