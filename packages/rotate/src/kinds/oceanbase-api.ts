import type { OceanBaseClient } from '@dbpass/client-oceanbase';
import type { GroupClients } from '../protocol/connection-clients.js';

/** The OceanBase Cloud client of a group of tenant users. */
export function oceanBaseOf(clients: GroupClients): OceanBaseClient {
  if (!clients.oceanbase) throw new TypeError('an OceanBase Cloud account needs an OceanBase Cloud connection');
  return clients.oceanbase;
}
