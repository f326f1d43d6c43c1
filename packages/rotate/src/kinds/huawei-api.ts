import { type TaurusDbClient, taurusDbService } from '@dbpass/client-taurusdb';
import type { AccountRef } from '../account-ref.js';
import type { SetRequest } from '../plan/set-request-issues.js';
import type { GroupClients } from '../protocol/connection-clients.js';

/** The TaurusDB client of a group of Huawei Cloud accounts. */
export function taurusOf(clients: GroupClients): TaurusDbClient {
  if (!clients.taurus) throw new TypeError('a Huawei Cloud account needs a Huawei Cloud connection');
  return clients.taurus;
}

/** A Huawei Cloud set request on an instance of the project. */
export const huaweiSetRequest = (
  operationId: keyof typeof taurusDbService.operations,
  ref: AccountRef,
  projectId: string,
  body: unknown,
): SetRequest => ({
  operationId,
  operation: taurusDbService.operations[operationId],
  params: { path: { project_id: projectId, instance_id: ref.instanceId }, query: {}, header: {} },
  body,
});

/** Reads the instance's status: answered only for credentials the project accepts. */
export async function probeHuaweiInstance(clients: GroupClients, ref: AccountRef): Promise<void> {
  await taurusOf(clients).showGaussMySqlInstanceInfoUnifyStatus({ instance_id: ref.instanceId });
}
