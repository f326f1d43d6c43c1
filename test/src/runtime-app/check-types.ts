// Type-checked with no @types/node and skipLibCheck off: the published declarations stand on their own.

import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { akSk, createTaurusDbClient, type TaurusDbClient } from '@dbpass/client-taurusdb';

const taurus: TaurusDbClient = createTaurusDbClient({
  endpoint: 'http://127.0.0.1:8080',
  projectId: 'p',
  auth: akSk({ ak: 'ak', sk: 'sk' }),
});
const oceanbase = createOceanBaseClient({
  endpoint: 'http://127.0.0.1:8080',
  projectId: 'p',
  auth: oceanbaseDigest({ accessKeyId: 'id', accessKeySecret: 'secret' }),
});
export const calls: Promise<unknown>[] = [
  taurus.resetGaussMySqlPassword({ instance_id: 'i', body: { password: 'Root_pass_1' } }),
  oceanbase.modifyTenantUserPassword({
    instanceId: 'i',
    tenantId: 't',
    userName: 'u',
    body: { userPassword: 'Tenant_pw_1!' },
  }),
];
