// UpdateStarRocksDatabaseUserPermission: give an account of an HTAP StarRocks instance the same databases and
// privileges as another one (what a rotation with two alternating users keeps in step).
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, STARROCKS_INSTANCE_ID,
// STARROCKS_SOURCE_USER, STARROCKS_USER; DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const instance_id = process.env.STARROCKS_INSTANCE_ID!;
const source = process.env.STARROCKS_SOURCE_USER!;
const { user_details = [] } = await taurus.showStarRocksDatabaseUser({
  instance_id,
  user_name: source,
  limit: 1,
  offset: 0,
});
const original = user_details.find((user) => user.user_name === source);
if (!original) throw new Error(`${source} does not exist`);
const { result } = await taurus.updateStarRocksDatabaseUserPermission({
  instance_id,
  // All three fields, so that the account ends with exactly the source's privileges.
  body: {
    user_name: process.env.STARROCKS_USER!,
    databases: original.data_bases,
    dml: original.dml as 0 | 1 | 2 | 3,
    ddl: original.ddl as 0 | 1,
  },
});
console.log(`${process.env.STARROCKS_USER} now has the privileges of ${source}: ${result}`);
