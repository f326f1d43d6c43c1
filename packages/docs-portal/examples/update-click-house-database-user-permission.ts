// UpdateClickHouseDatabaseUserPermission: give an account of an HTAP ClickHouse instance the same databases and DML
// privilege as another one (what a rotation with two alternating users keeps in step).
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, CLICKHOUSE_INSTANCE_ID,
// CLICKHOUSE_SOURCE_USER, CLICKHOUSE_USER; DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const instance_id = process.env.CLICKHOUSE_INSTANCE_ID!;
const source = process.env.CLICKHOUSE_SOURCE_USER!;
const { user_details = [] } = await taurus.showClickHouseDatabaseUser({ instance_id, user_name: source });
const original = user_details.find((user) => user.user_name === source);
if (!original) throw new Error(`${source} does not exist`);
const { result } = await taurus.updateClickHouseDatabaseUserPermission({
  instance_id,
  body: { user_name: process.env.CLICKHOUSE_USER!, databases: original.databases, dml: original.dml as 1 | 2 },
});
console.log(`${process.env.CLICKHOUSE_USER} now has the privileges of ${source}: ${result}`);
