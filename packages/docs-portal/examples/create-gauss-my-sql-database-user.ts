// CreateGaussMySqlDatabaseUser: create a database user with a generated password and read/write on one database,
// then wait for the job it starts. Keep the password (in your secret store) before anything else: the API never
// returns it. Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, TAURUS_INSTANCE_ID,
// TAURUS_DB_USER, TAURUS_DB_HOST (`%` when unset), TAURUS_DB_DATABASE; DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient, generatePassword, passwordPolicies, waitForJob } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const name = process.env.TAURUS_DB_USER!;
const host = process.env.TAURUS_DB_HOST ?? '%';
const { password } = generatePassword(passwordPolicies.CreateGaussMySqlDatabaseUser['users[].password'], {
  userName: name,
});
const { job_id } = await taurus.createGaussMySqlDatabaseUser({
  instance_id: process.env.TAURUS_INSTANCE_ID!,
  body: {
    users: [{ name, password, hosts: [host], databases: [{ name: process.env.TAURUS_DB_DATABASE!, readonly: false }] }],
  },
});
// The call is not idempotent: after a timeout, query the job (or list the users) instead of sending it again.
const job = await waitForJob(taurus, job_id, { intervalMs: 200 });
console.log(`${name}@${host}: job ${job.id} ${job.status}`);
