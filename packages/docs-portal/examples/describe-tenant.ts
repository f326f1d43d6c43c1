// DescribeTenant: an OceanBase Cloud tenant's mode, status and connection addresses. It changes nothing, so it
// proves that the AccessKey (Digest), the project and the ids are accepted before any password is changed.
// Environment: OCEANBASE_ACCESS_KEY_ID, OCEANBASE_ACCESS_KEY_SECRET, OCEANBASE_PROJECT_ID, OB_INSTANCE_ID,
// OB_TENANT_ID; DBPASS_ENDPOINT as in the other examples.
import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';

const oceanbase = createOceanBaseClient({
  region: 'intl',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.OCEANBASE_PROJECT_ID,
  auth: oceanbaseDigest(),
});

const { data: tenant } = await oceanbase.describeTenant({
  instanceId: process.env.OB_INSTANCE_ID!,
  tenantId: process.env.OB_TENANT_ID!,
});
const addresses = (tenant.tenantConnections ?? []).flatMap((connection) => [
  ...(connection.intranetAddress ? [`${connection.intranetAddress}:${connection.intranetPort}`] : []),
  ...(connection.internetAddress ? [`${connection.internetAddress}:${connection.internetPort}`] : []),
]);
console.log(
  `${tenant.tenantName} (${tenant.tenantMode}): ${tenant.status}; log in at ${addresses.join(', ') || 'no address yet'}`,
);
