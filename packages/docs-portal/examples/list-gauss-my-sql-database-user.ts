// ListGaussMySqlDatabaseUser: every database user of an instance with the databases it is granted, page by page.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, TAURUS_INSTANCE_ID;
// DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const instance_id = process.env.TAURUS_INSTANCE_ID!;
const limit = 100;
for (let offset = 0; ; offset += limit) {
  const { users, total_count } = await taurus.listGaussMySqlDatabaseUser({ instance_id, offset, limit });
  for (const user of users) {
    const grants = (user.databases ?? []).map((db) => `${db.name} (${db.readonly ? 'read-only' : 'read/write'})`);
    console.log(`${user.name}@${user.host}: ${grants.join(', ') || 'no database'}`);
  }
  if (users.length === 0 || offset + users.length >= (total_count ?? 0)) break;
}
