// ModifyTenantUserRoles: give an OceanBase Cloud tenant user the same roles as another one (what a rotation with
// two alternating users keeps in step). In MySQL mode the list is the user's whole set: a database left out is
// revoked. Environment: OCEANBASE_ACCESS_KEY_ID, OCEANBASE_ACCESS_KEY_SECRET, OCEANBASE_PROJECT_ID, OB_INSTANCE_ID,
// OB_TENANT_ID, OB_SOURCE_USER, OB_USER; DBPASS_ENDPOINT as in the other examples.
import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';

const oceanbase = createOceanBaseClient({
  region: 'intl',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.OCEANBASE_PROJECT_ID,
  auth: oceanbaseDigest(),
});

const tenant = { instanceId: process.env.OB_INSTANCE_ID!, tenantId: process.env.OB_TENANT_ID! };
const source = process.env.OB_SOURCE_USER!;
const { data } = await oceanbase.describeTenantUsers({ ...tenant, userName: source });
const original = data.dataList.find((user) => user.userName === source);
if (!original) throw new Error(`${source} does not exist`);
const userRole = (original.databases ?? []).map((grant) => ({
  database: grant.database,
  role: grant.role,
  table: grant.table ?? '',
  privileges: grant.privileges ?? '',
  withGrant: grant.withGrant === 1,
}));
const response = await oceanbase.modifyTenantUserRoles({
  ...tenant,
  userName: process.env.OB_USER!,
  body: { userRole: JSON.stringify(userRole) },
});
console.log(`${process.env.OB_USER} now has the roles of ${source}: success ${response.success}`);
