// ResetGaussMySqlPassword: reset the root password of a TaurusDB instance to a generated one.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, TAURUS_INSTANCE_ID;
// DBPASS_ENDPOINT sends the calls to another host, such as the local emulator (unset: the region's host).
import { akSk, createTaurusDbClient, generatePassword, passwordPolicies } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const { password } = generatePassword(passwordPolicies.ResetGaussMySqlPassword.password);
await taurus.resetGaussMySqlPassword({ instance_id: process.env.TAURUS_INSTANCE_ID!, body: { password } });
// Keep `password` in your secret store; never log it.
console.log('root password reset');
