import type { PlannedAccount } from '../plan/expand-targets.js';

/** Accounts set together: the database users of one instance (one job per 50), every other account alone. */
export function groupAccounts(accounts: readonly PlannedAccount[]): PlannedAccount[][] {
  const groups = new Map<string, PlannedAccount[]>();
  for (const account of accounts) {
    const key =
      account.ref.kind === 'taurusdb-db-user'
        ? `${account.connection}\u0000${account.ref.instanceId}`
        : `\u0001${account.ref.id}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(account);
  }
  return [...groups.values()];
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
