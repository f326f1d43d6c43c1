import type { PlannedAccount } from '../plan/expand-targets.js';
import type { SecretStore, SecretVersion } from '../secret-store/secret-store.js';

export class SelectionError extends Error {
  override name = 'SelectionError';
}

/**
 * The accounts a run works on: with `only`, those targets or account ids (manual ones included); otherwise every
 * account that is not manual.
 */
export function selectAccounts(
  accounts: readonly PlannedAccount[],
  only: readonly string[] | undefined,
): PlannedAccount[] {
  if (!only || only.length === 0) return accounts.filter((account) => !account.manual);
  const unknown = only.filter(
    (name) => !accounts.some((account) => account.ref.target === name || account.ref.id === name),
  );
  if (unknown.length > 0)
    throw new SelectionError(
      `--only: no target or account named ${unknown.map((name) => `"${name}"`).join(', ')} in the plan; nothing was sent`,
    );
  return accounts.filter((account) => only.includes(account.ref.target) || only.includes(account.ref.id));
}

/** Due when there is no CURRENT, or its age passed the account's period (no period: only without a CURRENT). */
export function isDue(account: PlannedAccount, current: SecretVersion | undefined, now: Date): boolean {
  if (!current?.promotedAt) return true;
  if (account.periodMs === undefined) return false;
  return now.getTime() - Date.parse(current.promotedAt) >= account.periodMs;
}

/**
 * The accounts a run works on: `selectAccounts`, and, in a run without `only`, the manual accounts that an earlier
 * `--only` run left with a PENDING: `manual` stops new rotations from starting, never a started one from finishing.
 */
export async function selectForRun(
  accounts: readonly PlannedAccount[],
  only: readonly string[] | undefined,
  store: SecretStore,
): Promise<PlannedAccount[]> {
  const selected = selectAccounts(accounts, only);
  const manual = accounts.filter((account) => account.manual && !selected.includes(account));
  if ((only && only.length > 0) || manual.length === 0) return selected;
  const held = await store.list();
  const started = (account: PlannedAccount) =>
    (held.get(account.ref.id) ?? []).some((version) => version.stages.includes('PENDING'));
  return [...selected, ...manual.filter(started)];
}
