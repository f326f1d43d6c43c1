/**
 * The user names one OceanBase tenant user logs in with: plain at a tenant's own address (OceanBase Cloud),
 * `user@tenant` directly at an observer, and `user@tenant#cluster` or `cluster:tenant:user` through OBProxy.
 * The twin has one MariaDB account per form, changed together, as OceanBase maps them all to one user.
 */
export function oceanbaseLoginNames(userName: string, tenantId: string, clusterId: string): string[] {
  return [userName, `${userName}@${tenantId}`, `${userName}@${tenantId}#${clusterId}`, `${clusterId}:${tenantId}:${userName}`];
}
