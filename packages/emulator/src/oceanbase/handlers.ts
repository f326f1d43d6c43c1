import { randomUUID } from 'node:crypto';
import { passwordPolicies } from '@dbpass/client-oceanbase';
import { type PasswordPolicy, validatePassword } from '@dbpass/core';
import type { Reply } from '../http.js';
import { hashPassword } from '../password-store.js';
import { seed } from '../seed.js';
import type { EmulatorState } from '../state.js';
import { createTenantUser, describeTenantUsers, modifyTenantUserRoles, type TenantReplies } from './tenant-users.js';

export interface OceanBaseCall {
  readonly operationId: string;
  readonly path: Record<string, string>;
  readonly query: URLSearchParams;
  /** The query parameters the spec declares, converted to their declared types. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly projectId: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body; each handler reads the fields of its operation
  readonly body: any;
  readonly server: string;
}

/** An OceanBase error envelope: `{success:false, errorCode, errorMessage, requestId}`. */
export function oceanbaseError(
  status: number,
  code: string,
  message: string,
  requestId: string | null | undefined,
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    ...(headers ? { headers } : {}),
    body: { success: false, errorCode: code, errorMessage: message, requestId: requestId || randomUUID() },
  };
}

const OPERATIONS = new Set([
  'DescribeTenant',
  'ModifyTenantUserPassword',
  'DescribeTenantUsers',
  'CreateTenantUser',
  'ModifyTenantUserRoles',
]);

export async function handleOceanBase(state: EmulatorState, call: OceanBaseCall): Promise<Reply> {
  const requestId = call.query.get('requestId');
  if (!OPERATIONS.has(call.operationId)) return oceanbaseError(404, 'NotFound', 'No such API.', requestId);
  if (call.projectId !== seed.oceanbase.projectId)
    return oceanbaseError(403, 'Forbidden', 'No permission for this project.', requestId);
  const ok = (data?: unknown): Reply => ({
    status: 200,
    body: { requestId: requestId ?? randomUUID(), success: true, server: call.server, ...(data ? { data } : {}) },
  });
  const { instanceId, tenantId, userName } = call.path as { instanceId: string; tenantId: string; userName: string };
  if (!tenantExists(state, instanceId, tenantId))
    return oceanbaseError(404, 'NotFound', 'The instance or tenant does not exist.', requestId);
  const replies: TenantReplies = {
    ok,
    error: (status, code, message) => oceanbaseError(status, code, message, requestId),
  };
  const tenantCall = { instanceId, tenantId, params: call.params, body: call.body };
  switch (call.operationId) {
    case 'DescribeTenant':
      return ok(describeTenant(state, instanceId, tenantId));
    case 'DescribeTenantUsers':
      return describeTenantUsers(state, tenantCall, replies);
    case 'CreateTenantUser':
      return createTenantUser(state, tenantCall, replies);
    case 'ModifyTenantUserRoles':
      return modifyTenantUserRoles(state, tenantCall, userName, replies);
    default:
      break;
  }
  const key = `${instanceId}/${tenantId}/${userName}`;
  const user = state.oceanbaseUsers.get(key);
  if (!user) return oceanbaseError(404, 'NotFound', 'The instance, tenant or user does not exist.', requestId);
  const policy = (passwordPolicies.ModifyTenantUserPassword as Record<string, PasswordPolicy>).userPassword!;
  const [violation] = validatePassword(policy, call.body.userPassword);
  if (violation) return oceanbaseError(400, 'IllegalArgument', `The password ${violation.message}.`, requestId);
  await state.engines.setPasswords([
    { account: { cloud: 'oceanbase', instanceId, tenantId, userName }, password: call.body.userPassword },
  ]);
  user.password = hashPassword(call.body.userPassword);
  state.recordApplication({ cloud: 'oceanbase', instanceId, tenantId, userName });
  return ok();
}

/** A tenant exists when it holds a seeded user: the state keeps OceanBase users by `instanceId/tenantId/userName`. */
function tenantExists(state: EmulatorState, instanceId: string, tenantId: string): boolean {
  const prefix = `${instanceId}/${tenantId}/`;
  for (const key of state.oceanbaseUsers.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * The tenant as DescribeTenant's `data` has it (specs/oceanbase/paths/describe-tenant.yaml): a running MySQL
 * tenant. Its one address is the twin's real engine on loopback (`engines.addresses` by
 * `oceanbase/<instanceId>/<tenantId>`); in memory mode there is nowhere to log in, so it has none.
 */
function describeTenant(state: EmulatorState, instanceId: string, tenantId: string) {
  const address = state.engines.addresses.get(`oceanbase/${instanceId}/${tenantId}`);
  return {
    tenantId,
    // The seed names a tenant by its id only.
    tenantName: tenantId,
    tenantMode: 'MySQL',
    status: 'ONLINE',
    description: `dbpass emulator tenant of ${instanceId}`,
    tenantConnections: address
      ? [
          {
            networkType: 'INTRANET',
            addressStatus: 'ONLINE',
            intranetAddress: address.host,
            intranetPort: address.port,
          },
        ]
      : [],
  };
}
