// CreateClickHouseDatabaseUser: create a read-only account of an HTAP ClickHouse instance with a generated password.
// Keep the password (in your secret store): the API never returns it.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, CLICKHOUSE_INSTANCE_ID,
// CLICKHOUSE_USER, CLICKHOUSE_DATABASES (comma-separated, `*` for all); DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient, generatePassword, passwordPolicies } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const userName = process.env.CLICKHOUSE_USER!;
const { password } = generatePassword(passwordPolicies.CreateClickHouseDatabaseUser.password, { userName });
const { result } = await taurus.createClickHouseDatabaseUser({
  instance_id: process.env.CLICKHOUSE_INSTANCE_ID!,
  body: { user_name: userName, password, databases: process.env.CLICKHOUSE_DATABASES!.split(','), dml: 1 },
});
console.log(`${userName}: ${result}`);
