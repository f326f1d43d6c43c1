import { OCEANBASE_LOGIN_FORMS, oceanbaseLoginName } from '@dbpass/verify';

/**
 * Every user name one OceanBase tenant user logs in with (see `oceanbaseLoginName`). The twin has one MariaDB
 * account per form, changed together, as OceanBase maps them all to one user.
 */
export const oceanbaseLoginNames = (userName: string, tenantId: string, clusterId: string): string[] =>
  OCEANBASE_LOGIN_FORMS.map((form) => oceanbaseLoginName({ userName, tenant: tenantId, cluster: clusterId }, form));
