// ShowClickHouseDatabaseUser: the accounts of an HTAP ClickHouse instance with their databases and privileges.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, CLICKHOUSE_INSTANCE_ID,
// CLICKHOUSE_USER (optional: only that account); DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const { user_details = [], total_count } = await taurus.showClickHouseDatabaseUser({
  instance_id: process.env.CLICKHOUSE_INSTANCE_ID!,
  ...(process.env.CLICKHOUSE_USER ? { user_name: process.env.CLICKHOUSE_USER } : {}),
  limit: 100,
});
for (const user of user_details) {
  console.log(`${user.user_name}: dml ${user.dml}, ddl ${user.ddl}, databases ${user.databases.join(', ')}`);
}
console.log(`${user_details.length} of ${total_count ?? user_details.length} accounts`);
