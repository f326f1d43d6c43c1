/**
 * How an OceanBase tenant user is named at login:
 * - `plain`: `user`, at a tenant's own address (OceanBase Cloud's tenant connection strings);
 * - `tenant`: `user@tenant`, directly at an observer;
 * - `proxy`: `user@tenant#cluster`, through OBProxy;
 * - `proxy-colon`: `cluster:tenant:user`, OBProxy's other form.
 */
export type OceanBaseLoginForm = 'plain' | 'tenant' | 'proxy' | 'proxy-colon';

export const OCEANBASE_LOGIN_FORMS: readonly OceanBaseLoginForm[] = ['plain', 'tenant', 'proxy', 'proxy-colon'];

export function oceanbaseLoginName(
  account: { userName: string; tenant: string; cluster: string },
  form: OceanBaseLoginForm = 'plain',
): string {
  const { userName, tenant, cluster } = account;
  switch (form) {
    case 'plain':
      return userName;
    case 'tenant':
      return `${userName}@${tenant}`;
    case 'proxy':
      return `${userName}@${tenant}#${cluster}`;
    case 'proxy-colon':
      return `${cluster}:${tenant}:${userName}`;
  }
}
