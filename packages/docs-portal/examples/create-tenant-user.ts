// CreateTenantUser: create a normal user in an OceanBase Cloud tenant with a generated password and read/write on
// one database. Keep the password (in your secret store): the API never returns it.
// Environment: OCEANBASE_ACCESS_KEY_ID, OCEANBASE_ACCESS_KEY_SECRET, OCEANBASE_PROJECT_ID, OB_INSTANCE_ID,
// OB_TENANT_ID, OB_USER, OB_DATABASE; DBPASS_ENDPOINT as in the other examples.
import { createOceanBaseClient, generatePassword, oceanbaseDigest, passwordPolicies } from '@dbpass/client-oceanbase';

const oceanbase = createOceanBaseClient({
  region: 'intl',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.OCEANBASE_PROJECT_ID,
  auth: oceanbaseDigest(),
});

const userName = process.env.OB_USER!;
const { password } = generatePassword(passwordPolicies.CreateTenantUser.password, { userName });
// `roles` is JSON text, in the form the official Terraform provider sends.
const roles = [{ database: process.env.OB_DATABASE!, role: 'ReadWrite', table: '', privileges: '', withGrant: false }];
const { data } = await oceanbase.createTenantUser({
  instanceId: process.env.OB_INSTANCE_ID!,
  tenantId: process.env.OB_TENANT_ID!,
  body: { userName, password, userType: 'Normal', roles: JSON.stringify(roles) },
});
console.log(`${data?.userName ?? userName}: ${data?.userStatus ?? 'created'}`);
