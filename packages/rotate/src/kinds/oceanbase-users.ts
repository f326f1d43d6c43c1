import { type OceanBaseClient, oceanBaseService } from '@dbpass/client-oceanbase';
import type { AccountRef } from '../account-ref.js';
import type { Applied, UserManagement, UserPrivileges } from './account-kind.js';
import { tenantOf } from './kind-defaults.js';
import { oceanBaseOf } from './oceanbase-api.js';
import { canonicalGrants } from './privileges.js';

/** One role of a tenant user, in the form CreateTenantUser's `roles` and ModifyTenantUserRoles' `userRole` take. */
export interface OceanBaseRole {
  readonly database: string;
  readonly role: string;
  readonly table: string;
  readonly privileges: string;
  readonly withGrant: boolean;
}

/** A tenant user's `UserPrivileges.raw`: its type and its roles, sorted by database and table. */
export interface OceanBaseUserPrivileges {
  readonly userType: string;
  readonly roles: readonly OceanBaseRole[];
}

/** A super administrator holds every privilege and takes no roles. */
const ADMIN = 'Admin';
const PAGE_SIZE = 100;
/** More pages than this is a service that ignores its paging parameters. */
const MAX_PAGES = 1_000;

type ListedUser = Awaited<ReturnType<OceanBaseClient['describeTenantUsers']>>['data']['dataList'][number];

/** The user named exactly `ref.userName` (the filter is sent too), reading every page, or undefined. */
async function findUser(oceanbase: OceanBaseClient, ref: AccountRef): Promise<ListedUser | undefined> {
  let seen = 0;
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber += 1) {
    const { data } = await oceanbase.describeTenantUsers({
      instanceId: ref.instanceId,
      tenantId: tenantOf(ref),
      userName: ref.userName,
      pageNumber,
      pageSize: PAGE_SIZE,
    });
    const found = data.dataList.find((user) => user.userName === ref.userName);
    if (found) return found;
    seen += data.dataList.length;
    const more = data.hasMore ?? (data.total === undefined ? data.dataList.length === PAGE_SIZE : seen < data.total);
    if (data.dataList.length === 0 || !more) return undefined;
  }
  throw new RangeError(`the tenant's user list did not end within ${MAX_PAGES} pages: its paging is not as documented`);
}

/** `SELECT,INSERT` and `insert, select` name the same privileges. */
const privilegeList = (privileges: string) =>
  canonicalGrants(
    privileges
      .split(',')
      .map((privilege) => privilege.trim().toUpperCase().replace(/\s+/g, ' '))
      .filter((privilege) => privilege !== ''),
  ).join(',');

/** `app_db:ReadWrite`, `db.table:other(INSERT,SELECT) with grant`. */
const roleLine = (role: OceanBaseRole) =>
  `${role.database}${role.table ? `.${role.table}` : ''}:${role.role}` +
  `${role.privileges ? `(${privilegeList(role.privileges)})` : ''}${role.withGrant ? ' with grant' : ''}`;

const byPlace = (a: OceanBaseRole, b: OceanBaseRole) => {
  const left = `${a.database}\u0000${a.table}`;
  const right = `${b.database}\u0000${b.table}`;
  return left < right ? -1 : left > right ? 1 : 0;
};

function rawOf(privileges: UserPrivileges): OceanBaseUserPrivileges {
  const raw = privileges.raw as Partial<OceanBaseUserPrivileges> | undefined;
  if (typeof raw?.userType !== 'string' || !Array.isArray(raw.roles))
    throw new TypeError('these privileges were not read from an OceanBase tenant user');
  return raw as OceanBaseUserPrivileges;
}

/** The roles as JSON text, in the Terraform provider's form (the specs' examples). */
const rolesText = (roles: readonly OceanBaseRole[]) =>
  JSON.stringify(
    roles.map(({ database, role, table, privileges, withGrant }) => ({ database, role, table, privileges, withGrant })),
  );

/**
 * OceanBase Cloud tenant users: listed with DescribeTenantUsers (every page, the `userName` filter sent and the name
 * matched exactly), created with CreateTenantUser with their type and roles, their roles set with
 * ModifyTenantUserRoles, which replaces them. The type is one of the grants (`user-type:Normal`): no operation
 * changes it after creation.
 */
export const oceanBaseUsers: UserManagement = {
  createRequest: (ref, projectId) => ({
    operationId: 'CreateTenantUser',
    operation: oceanBaseService.operations.CreateTenantUser,
    params: {
      path: { instanceId: ref.instanceId, tenantId: ref.tenantId },
      query: { requestId: '00000000-0000-4000-8000-000000000000' },
      header: { 'X-Ob-Project-Id': projectId },
    },
    body: { userName: ref.userName, userType: 'Normal' },
  }),

  async readPrivileges(clients, ref) {
    const user = await findUser(oceanBaseOf(clients), ref);
    if (!user) return undefined;
    const roles = (user.databases ?? [])
      .map(
        (listed): OceanBaseRole => ({
          database: listed.database,
          role: listed.role,
          table: listed.table ?? '',
          privileges: listed.privileges ?? '',
          // An integer in DescribeTenantUsers, a boolean in the roles text.
          withGrant: (listed.withGrant as unknown) === true || listed.withGrant === 1,
        }),
      )
      .sort(byPlace);
    const userType = user.userType ?? 'Normal';
    const raw: OceanBaseUserPrivileges = { userType, roles };
    return { grants: canonicalGrants([`user-type:${userType}`, ...roles.map(roleLine)]), raw };
  },

  async createUsers(clients, users, { checkpoint }): Promise<Applied> {
    const oceanbase = oceanBaseOf(clients);
    for (const { ref, password, privileges } of users) {
      const { userType, roles } = rawOf(privileges);
      checkpoint('create:before');
      await oceanbase.createTenantUser({
        instanceId: ref.instanceId,
        tenantId: tenantOf(ref),
        body: {
          userName: ref.userName,
          password,
          userType,
          ...(userType === ADMIN || roles.length === 0 ? {} : { roles: rolesText(roles) }),
        },
      });
    }
    return { apiResult: `CreateTenantUser answered success${users.length > 1 ? ` ${users.length} times` : ''}` };
  },

  async grant(clients, ref, privileges, { checkpoint }): Promise<Applied> {
    const { userType, roles } = rawOf(privileges);
    if (userType === ADMIN)
      return { apiResult: 'ModifyTenantUserRoles not sent: a super administrator takes no roles' };
    checkpoint('grant:before');
    await oceanBaseOf(clients).modifyTenantUserRoles({
      instanceId: ref.instanceId,
      tenantId: tenantOf(ref),
      userName: ref.userName,
      body: { userRole: rolesText(roles) },
    });
    return { apiResult: 'ModifyTenantUserRoles answered success' };
  },
};
