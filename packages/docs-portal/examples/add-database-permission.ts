// AddDatabasePermission: grant a database to an existing user, read-only or read/write, and wait for the job.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, TAURUS_INSTANCE_ID,
// TAURUS_DB_USER, TAURUS_DB_HOST (`%` when unset), TAURUS_DB_DATABASE, TAURUS_DB_READONLY (`true` for read-only);
// DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient, waitForJob } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const instance_id = process.env.TAURUS_INSTANCE_ID!;
const name = process.env.TAURUS_DB_USER!;
const host = process.env.TAURUS_DB_HOST ?? '%';
const database = { name: process.env.TAURUS_DB_DATABASE!, readonly: process.env.TAURUS_DB_READONLY === 'true' };
const { job_id } = await taurus.addDatabasePermission({
  instance_id,
  body: { users: [{ name, host, databases: [database] }] },
});
const job = await waitForJob(taurus, job_id, { intervalMs: 200 });
console.log(`${name}@${host} ${database.readonly ? 'read-only' : 'read/write'} on ${database.name}: ${job.status}`);
