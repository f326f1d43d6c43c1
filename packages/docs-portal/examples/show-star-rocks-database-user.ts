// ShowStarRocksDatabaseUser: the accounts of an HTAP StarRocks instance with their databases and privileges.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, STARROCKS_INSTANCE_ID,
// STARROCKS_USER (optional: only that account); DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const { user_details = [], total_count } = await taurus.showStarRocksDatabaseUser({
  instance_id: process.env.STARROCKS_INSTANCE_ID!,
  ...(process.env.STARROCKS_USER ? { user_name: process.env.STARROCKS_USER } : {}),
  limit: 100,
  offset: 0,
});
for (const user of user_details) {
  // The database list is `data_bases` in this answer (`databases` in the create and update requests).
  console.log(`${user.user_name}: dml ${user.dml}, ddl ${user.ddl}, databases ${user.data_bases.join(', ')}`);
}
console.log(`${user_details.length} of ${total_count ?? user_details.length} accounts`);
