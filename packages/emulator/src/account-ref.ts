/** One account of an emulated cloud: a TaurusDB root (no `userName`) or database user, an HTAP account, a tenant user. */
export type AccountRef =
  | { cloud: 'huawei'; instanceId: string; userName?: string; host?: string }
  | { cloud: 'oceanbase'; instanceId: string; tenantId: string; userName: string };

/** A stable key for an account, as `applications` and the privileges use. */
export function accountKey(account: AccountRef): string {
  if (account.cloud === 'oceanbase') return `oceanbase/${account.instanceId}/${account.tenantId}/${account.userName}`;
  return `huawei/${account.instanceId}/${account.userName ?? 'root'}${account.host === undefined ? '' : `@${account.host}`}`;
}

/** The instance an account belongs to: a Huawei instance id, or `oceanbase/<instanceId>/<tenantId>`. */
export const instanceKey = (account: AccountRef) =>
  account.cloud === 'oceanbase' ? `oceanbase/${account.instanceId}/${account.tenantId}` : account.instanceId;

/** A TaurusDB database user's key in its instance: `name@host`. */
export const dbUserKey = (name: string, host: string) => `${name}@${host}`;

export function splitUserKey(key: string): [name: string, host: string] {
  const at = key.lastIndexOf('@');
  return [key.slice(0, at), key.slice(at + 1)];
}
