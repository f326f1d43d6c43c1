// ResetGaussMySqlDatabasePassword: change a database user's password, then wait for the job it starts.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, TAURUS_INSTANCE_ID,
// TAURUS_DB_USER, TAURUS_DB_HOST (`%` when unset); DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient, generatePassword, passwordPolicies, waitForJob } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const name = process.env.TAURUS_DB_USER!;
const host = process.env.TAURUS_DB_HOST ?? '%';
const { password } = generatePassword(passwordPolicies.ResetGaussMySqlDatabasePassword['users[].password'], {
  userName: name,
});
const { job_id } = await taurus.resetGaussMySqlDatabasePassword({
  instance_id: process.env.TAURUS_INSTANCE_ID!,
  body: { users: [{ name, host, password }] },
});
// The call is not idempotent: after a timeout, query the job instead of sending it again.
const job = await waitForJob(taurus, job_id, { intervalMs: 200 });
console.log(`job ${job.id}: ${job.status}`);
