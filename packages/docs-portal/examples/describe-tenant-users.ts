// DescribeTenantUsers: every user of an OceanBase Cloud tenant with its role on each database.
// Environment: OCEANBASE_ACCESS_KEY_ID, OCEANBASE_ACCESS_KEY_SECRET, OCEANBASE_PROJECT_ID, OB_INSTANCE_ID,
// OB_TENANT_ID; DBPASS_ENDPOINT as in the other examples.
import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';

const oceanbase = createOceanBaseClient({
  region: 'intl',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.OCEANBASE_PROJECT_ID,
  auth: oceanbaseDigest(),
});

const pageSize = 100;
for (let pageNumber = 1; ; pageNumber += 1) {
  const { data } = await oceanbase.describeTenantUsers({
    instanceId: process.env.OB_INSTANCE_ID!,
    tenantId: process.env.OB_TENANT_ID!,
    pageNumber,
    pageSize,
  });
  for (const user of data.dataList) {
    const roles = (user.databases ?? []).map((grant) => `${grant.database} (${grant.role})`);
    console.log(`${user.userName} [${user.userType}, ${user.userStatus}]: ${roles.join(', ') || 'no database'}`);
  }
  if (data.dataList.length < pageSize || data.hasMore === false) break;
}
