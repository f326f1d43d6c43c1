import type { AccountKindAdapter } from '../kinds/account-kind.js';
import { kindOf } from '../kinds/registry.js';
import type { PlannedAccount } from '../plan/expand-targets.js';

/** Accounts set together: of one kind, one connection and one batch key of that kind. */
export interface AccountGroup {
  readonly kind: AccountKindAdapter;
  readonly connection: string;
  readonly accounts: PlannedAccount[];
}

/** Groups accounts by their kind's batch key (the database users of one instance; every other account alone). */
export function groupAccounts(accounts: readonly PlannedAccount[]): AccountGroup[] {
  const groups = new Map<string, AccountGroup>();
  for (const account of accounts) {
    const kind = kindOf(account.ref);
    const key = `${kind.kind}\u0000${account.connection}\u0000${kind.batchKey(account.ref)}`;
    const group = groups.get(key) ?? { kind, connection: account.connection, accounts: [] };
    group.accounts.push(account);
    groups.set(key, group);
  }
  return [...groups.values()];
}
