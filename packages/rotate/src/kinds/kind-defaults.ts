import type { AccountRef } from '../account-ref.js';

/**
 * The database account a ref names: cloud, kind, instance, tenant, user and host. `as` names it the way another
 * kind does, when both reach one account.
 */
export const identityOf = (ref: AccountRef, as: { readonly kind?: string; readonly host?: string } = {}): string =>
  [ref.cloud, as.kind ?? ref.kind, ref.instanceId, ref.tenantId ?? '', ref.userName, as.host ?? ref.host ?? ''].join(
    '/',
  );

/** The batch key of a kind whose accounts are set one at a time. */
export const alone = (ref: AccountRef): string => ref.id;

/** Where a tenant user lives; every such ref from the plan has one. */
export function tenantOf(ref: AccountRef): string {
  if (ref.tenantId === undefined) throw new TypeError(`${ref.id}: a tenant user's account needs its tenantId`);
  return ref.tenantId;
}
