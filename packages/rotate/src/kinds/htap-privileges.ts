import type { AccountRef } from '../account-ref.js';
import type { UserPrivileges } from './account-kind.js';
import { canonicalGrants, findOnPages } from './privileges.js';

/** An HTAP account's `UserPrivileges.raw`: its databases (`*` for all), sorted, and its DML and DDL levels. */
export interface HtapUserPrivileges {
  readonly databases: readonly string[];
  readonly dml: number;
  readonly ddl: number;
}

/** What each level of an engine means, as its spec describes them. */
export interface HtapLevels {
  readonly dml: Readonly<Record<number, string>>;
  readonly ddl: Readonly<Record<number, string>>;
}

/** The DDL levels both engines read. */
export const DDL_LEVELS: HtapLevels['ddl'] = { 0: 'none', 1: 'granted' };

const level = (name: string, value: number, meanings: Readonly<Record<number, string>>) =>
  `${name}:${value}${meanings[value] === undefined ? '' : ` (${meanings[value]})`}`;

/** An account as a show operation lists it: `database:app_db` per database, `dml:1 (read-only)`, `ddl:0 (none)`. */
export function htapPrivileges(
  account: { readonly databases: readonly string[]; readonly dml: number; readonly ddl: number },
  levels: HtapLevels,
): UserPrivileges {
  const raw: HtapUserPrivileges = {
    databases: canonicalGrants(account.databases),
    dml: account.dml,
    ddl: account.ddl,
  };
  return {
    grants: canonicalGrants([
      ...raw.databases.map((database) => `database:${database}`),
      level('dml', raw.dml, levels.dml),
      level('ddl', raw.ddl, levels.ddl),
    ]),
    raw,
  };
}

export function htapRawOf(privileges: UserPrivileges): HtapUserPrivileges {
  const raw = privileges.raw as Partial<HtapUserPrivileges> | undefined;
  if (!Array.isArray(raw?.databases) || typeof raw.dml !== 'number' || typeof raw.ddl !== 'number')
    throw new TypeError('these privileges were not read from an HTAP database account');
  return raw as HtapUserPrivileges;
}

/** One page of an HTAP show operation, asked by user name. */
type ShowPage<Listed> = (query: {
  instance_id: string;
  user_name: string;
  limit: number;
  offset: number;
}) => Promise<{ user_details?: Listed[]; total_count?: number }>;

/** The HTAP account `ref` names, through its show operation's pages (whose name filter may not match exactly). */
export const findHtapUser = <Listed extends { user_name?: string }>(
  ref: AccountRef,
  show: ShowPage<Listed>,
): Promise<Listed | undefined> =>
  findOnPages(
    async (offset, limit) => {
      const page = await show({ instance_id: ref.instanceId, user_name: ref.userName, limit, offset });
      return { items: page.user_details ?? [], total: page.total_count };
    },
    (listed) => listed.user_name === ref.userName,
  );
