// ShowGaussMySqlInstanceInfoUnifyStatus: an instance's status and where to log in to it (the write address
// inside its VPC, a public address if one is bound, the port), for example to prove a new password works.
// Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, TAURUS_INSTANCE_ID;
// DBPASS_ENDPOINT as in the other examples.
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';

const taurus = createTaurusDbClient({
  region: 'cn-north-4',
  endpoint: process.env.DBPASS_ENDPOINT,
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  auth: akSk(),
});

const { instance } = await taurus.showGaussMySqlInstanceInfoUnifyStatus({
  instance_id: process.env.TAURUS_INSTANCE_ID!,
});
const addresses = [...(instance.private_write_ips ?? []), ...(instance.public_ips ? [instance.public_ips] : [])];
console.log(
  `${instance.name}: ${instance.status}; log in at ${addresses.map((address) => `${address}:${instance.port}`).join(', ') || 'no address yet'}`,
);
