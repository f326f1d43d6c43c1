// UpdateClickHouseDatabaseUserPassword: change the password of a user of an HTAP ClickHouse instance.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, CLICKHOUSE_INSTANCE_ID,
// CLICKHOUSE_USER; DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient, generatePassword, passwordPolicies } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const userName = process.env.CLICKHOUSE_USER!;
const { password } = generatePassword(passwordPolicies.UpdateClickHouseDatabaseUserPassword.password, { userName });
const { result } = await taurus.updateClickHouseDatabaseUserPassword({
  instance_id: process.env.CLICKHOUSE_INSTANCE_ID!,
  body: { user_name: userName, password },
});
console.log(`${userName}: ${result}`);
