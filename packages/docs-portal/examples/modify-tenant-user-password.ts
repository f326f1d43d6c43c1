// ModifyTenantUserPassword: change the password of an OceanBase Cloud tenant user.
// Environment: OCEANBASE_ACCESS_KEY_ID, OCEANBASE_ACCESS_KEY_SECRET, OCEANBASE_PROJECT_ID, OB_INSTANCE_ID,
// OB_TENANT_ID, OB_USER; DBPASS_ENDPOINT sends the calls to another host, such as the local emulator.
import { createOceanBaseClient, generatePassword, oceanbaseDigest, passwordPolicies } from '@dbpass/client-oceanbase';

const oceanbase = createOceanBaseClient({
  region: 'intl',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.OCEANBASE_PROJECT_ID,
  auth: oceanbaseDigest(),
});

const userName = process.env.OB_USER!;
const { password } = generatePassword(passwordPolicies.ModifyTenantUserPassword.userPassword, { userName });
const response = await oceanbase.modifyTenantUserPassword({
  instanceId: process.env.OB_INSTANCE_ID!,
  tenantId: process.env.OB_TENANT_ID!,
  userName,
  body: { userPassword: password },
});
console.log(`${userName}: success ${response.success} (request ${response.requestId})`);
