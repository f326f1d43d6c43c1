import type { PasswordPolicy } from '@dbpass/client-taurusdb';
import type { AccountKindAdapter, AnyTargetForm } from './account-kind.js';
import { clickHouse } from './clickhouse.js';
import { oceanBaseTenantUser } from './oceanbase-tenant-user.js';
import { starRocks } from './starrocks.js';
import { taurusDbUser } from './taurusdb-db-user.js';
import { taurusDbRoot } from './taurusdb-root.js';

/** Every account kind, in the order the plan's schema lists their target forms. Adding a kind: its module, one entry. */
export const ACCOUNT_KINDS = [taurusDbRoot, taurusDbUser, starRocks, clickHouse, oceanBaseTenantUser] as const;

export type AccountKind = (typeof ACCOUNT_KINDS)[number]['kind'];

/** The schema fragment of every form of target, each kind's in its order. */
export type TargetSchema = (typeof ACCOUNT_KINDS)[number]['targets'][number]['schema'];

export const TARGET_SCHEMAS: readonly TargetSchema[] = ACCOUNT_KINDS.flatMap((kind): readonly TargetSchema[] =>
  kind.targets.map((form) => form.schema),
);

const BY_KIND = new Map<string, AccountKindAdapter<AccountKind>>(ACCOUNT_KINDS.map((kind) => [kind.kind, kind]));

/** The kind of an account. */
export function kindOf(ref: { readonly kind: string }): AccountKindAdapter<AccountKind> {
  const kind = BY_KIND.get(ref.kind);
  if (!kind) throw new TypeError(`no account kind named "${ref.kind}"`);
  return kind;
}

/** A form of target with the kind it belongs to. */
export interface KindForm {
  readonly kind: AccountKindAdapter<AccountKind>;
  readonly form: AnyTargetForm;
}

const BY_TARGET = new Map<string, KindForm>(
  ACCOUNT_KINDS.flatMap((kind) =>
    kind.targets.map((form): [string, KindForm] => [form.schema.properties.kind.const, { kind, form }]),
  ),
);

/** The kind and form of a plan target, by its `kind:`. */
export function targetFormOf(target: { readonly kind: string }): KindForm {
  const found = BY_TARGET.get(target.kind);
  if (!found) throw new TypeError(`no target kind named "${target.kind}"`);
  return found;
}

/** The spec's policy for the password field each kind of account is set through. */
export const ACCOUNT_POLICIES = Object.fromEntries(ACCOUNT_KINDS.map((kind) => [kind.kind, kind.policy])) as Record<
  AccountKind,
  PasswordPolicy
>;
