// CreateStarRocksDatabaseUser: create an account of an HTAP StarRocks instance with a generated password, read-only
// on the given databases. Keep the password (in your secret store): the API never returns it.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, STARROCKS_INSTANCE_ID,
// STARROCKS_USER, STARROCKS_DATABASES (comma-separated); DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient, generatePassword, passwordPolicies } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const userName = process.env.STARROCKS_USER!;
const { password } = generatePassword(passwordPolicies.CreateStarRocksDatabaseUser.password, { userName });
const { result } = await taurus.createStarRocksDatabaseUser({
  instance_id: process.env.STARROCKS_INSTANCE_ID!,
  body: { user_name: userName, password, databases: process.env.STARROCKS_DATABASES!.split(','), dml: 1, ddl: 0 },
});
console.log(`${userName}: ${result}`);
