// ShowGaussMySqlJobInfo: read the status of an asynchronous job, such as the one started by
// ResetGaussMySqlDatabasePassword (`waitForJob` polls this operation for you).
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, TAURUS_JOB_ID;
// DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const { job } = await taurus.showGaussMySqlJobInfo({ id: process.env.TAURUS_JOB_ID! });
console.log(
  `job ${job.id} (${job.name}) on ${job.instance.name}: ${job.status}${job.process ? ` ${job.process}` : ''}`,
);
