import { passwordPolicies } from '@dbpass/client-oceanbase';
import { type PasswordPolicy, validatePassword } from '@dbpass/core';
import type { AccountRef } from '../account-ref.js';
import type { Reply } from '../http.js';
import { hashPassword } from '../password-store.js';
import type { OceanBasePrivileges } from '../privileges/privileges.js';
import type { EmulatorState } from '../state.js';
import { parseRoles } from './tenant-roles.js';

export interface TenantCall {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly params: Readonly<Record<string, unknown>>;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body; each handler reads the fields of its operation
  readonly body: any;
}

/** How a handler answers: success with data, or an error of the envelope. */
export interface TenantReplies {
  ok(data?: unknown): Reply;
  error(status: number, code: string, message: string): Reply;
}

// The console's reserved account names (specs: x-dbpass-reserved-words), compared without case.
const RESERVED = new Set(
  [
    'SYS',
    'OCEANBASE',
    'ROOT',
    'OPERATOR',
    'LBACSYS',
    'ORAAUDITOR',
    'OBMIGRATE',
    'OMC',
    'IDB_DDL',
    'ODC_RND',
    'ODC_DDL',
    'DWEXP',
  ].map((word) => word.toLowerCase()),
);
/** The user types the emulator takes, by their lower case (the page's curl example writes `normal`). */
const USER_TYPES = new Map([
  ['normal', 'Normal'],
  ['admin', 'Admin'],
]);

const userKey = (call: TenantCall, userName: string) => `${call.instanceId}/${call.tenantId}/${userName}`;
const accountOf = (call: TenantCall, userName: string): AccountRef => ({
  cloud: 'oceanbase',
  instanceId: call.instanceId,
  tenantId: call.tenantId,
  userName,
});

/** A user as DescribeTenantUsers lists it: type, status and, per database, its role. */
function describeUser(state: EmulatorState, call: TenantCall, userName: string) {
  const privileges = state.privilegesOf(accountOf(call, userName)) as OceanBasePrivileges;
  return {
    userName,
    userType: privileges.userType,
    userStatus: 'ONLINE',
    ...(privileges.description === undefined ? {} : { description: privileges.description }),
    databases: privileges.roles.map((role) => ({
      database: role.database,
      role: role.role,
      ...(role.privileges === undefined ? {} : { privileges: role.privileges }),
      userName,
      withGrant: role.withGrant ? 1 : 0,
    })),
  };
}

/**
 * DescribeTenantUsers: the tenant's users in the order they were made, one page (`pageNumber` from 1,
 * `pageSize` 10 by default as on the ApsaraDB page). `userName` matches exactly; `searchKey` matches a part of
 * the name or the description, without case (the page does not say which fields it matches).
 */
export function describeTenantUsers(state: EmulatorState, call: TenantCall, replies: TenantReplies): Reply {
  const prefix = `${call.instanceId}/${call.tenantId}/`;
  const wanted = call.params.userName as string | undefined;
  const search = (call.params.searchKey as string | undefined)?.toLowerCase();
  const users = [...state.oceanbaseUsers.keys()]
    .filter((key) => key.startsWith(prefix))
    .map((key) => describeUser(state, call, key.slice(prefix.length)))
    .filter((user) => wanted === undefined || user.userName === wanted)
    .filter(
      (user) =>
        search === undefined ||
        user.userName.toLowerCase().includes(search) ||
        (user.description ?? '').toLowerCase().includes(search),
    );
  const pageSize = (call.params.pageSize as number | undefined) ?? 10;
  const pageNumber = (call.params.pageNumber as number | undefined) ?? 1;
  const start = (pageNumber - 1) * pageSize;
  return replies.ok({
    dataList: users.slice(start, start + pageSize),
    total: users.length,
    hasMore: start + pageSize < users.length,
  });
}

interface CreateBody {
  userName: string;
  password: string;
  userType: string;
  roles?: string;
  description?: string;
}

/** CreateTenantUser: the user exists in the tenant's engine, under every login name form, before the answer. */
export async function createTenantUser(state: EmulatorState, call: TenantCall, replies: TenantReplies): Promise<Reply> {
  const body = call.body as CreateBody;
  const bad = (message: string) => replies.error(400, 'IllegalArgument', message);
  if (RESERVED.has(body.userName.toLowerCase())) return bad('The user name is a reserved word.');
  const key = userKey(call, body.userName);
  // The error for an existing user is not published: a 400 (the spec declares no 409 here).
  if (state.oceanbaseUsers.has(key)) return bad('The tenant user already exists.');
  const policy = (passwordPolicies.CreateTenantUser as Record<string, PasswordPolicy>).password!;
  const [violation] = validatePassword(policy, body.password);
  if (violation) return bad(`The password ${violation.message}.`);
  const userType = USER_TYPES.get(body.userType.toLowerCase());
  if (!userType) return bad(`userType must be one of ${[...USER_TYPES.values()].join(', ')}.`);
  const account = accountOf(call, body.userName);
  const parsed =
    body.roles === undefined
      ? { roles: [] }
      : parseRoles(body.roles, 'roles', (name) => state.hasDatabase(account, name));
  if ('problem' in parsed) return bad(parsed.problem);
  if (userType === 'Admin' && parsed.roles.length > 0)
    return bad('A super administrator has every privilege and takes no roles.');
  const privileges: OceanBasePrivileges = {
    kind: 'oceanbase',
    userType,
    ...(body.description === undefined ? {} : { description: body.description }),
    roles: parsed.roles,
  };
  // In the state first, so that a second request for the name while the engine works is refused.
  state.oceanbaseUsers.set(key, { password: hashPassword(body.password) });
  const undo = state.setPrivileges(account, privileges);
  try {
    await state.engines.createAccounts([{ account, password: body.password, privileges }]);
  } catch (error) {
    state.oceanbaseUsers.delete(key);
    undo();
    throw error;
  }
  state.recordApplication(account);
  const { databases, ...user } = describeUser(state, call, body.userName);
  return replies.ok({ ...user, roles: databases });
}

/**
 * ModifyTenantUserRoles: the list is the user's whole set of roles in a MySQL-mode tenant (a database left out is
 * revoked, `[]` revokes all). `modifyType` applies to Oracle-mode tenants only, so it changes nothing here.
 */
export async function modifyTenantUserRoles(
  state: EmulatorState,
  call: TenantCall,
  userName: string,
  replies: TenantReplies,
): Promise<Reply> {
  if (!state.oceanbaseUsers.has(userKey(call, userName)))
    return replies.error(404, 'NotFound', 'The instance, tenant or user does not exist.');
  const account = accountOf(call, userName);
  const current = state.privilegesOf(account) as OceanBasePrivileges;
  const parsed = parseRoles(call.body.userRole, 'userRole', (name) => state.hasDatabase(account, name));
  if ('problem' in parsed) return replies.error(400, 'IllegalArgument', parsed.problem);
  if (current.userType === 'Admin')
    return replies.error(400, 'IllegalArgument', 'A super administrator has every privilege and takes no roles.');
  const privileges: OceanBasePrivileges = { ...current, roles: parsed.roles };
  await state.engines.setPrivileges([{ account, privileges }]);
  state.setPrivileges(account, privileges);
  return replies.ok();
}
