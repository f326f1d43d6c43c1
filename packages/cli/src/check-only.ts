import { expandTargets, loadPlan, type PlannedAccount, SelectionError, selectAccounts } from '@dbpass/rotate';
import { unknownNameHint } from './closest-names.js';

/** The names a command line may give for the plan's accounts: target names and account ids. */
export const accountNames = (accounts: readonly PlannedAccount[]) => ({
  targets: [...new Set(accounts.map((account) => account.ref.target))],
  ids: accounts.map((account) => account.ref.id),
});

/**
 * Refuses `--only` names the plan does not have, as the library does, adding the closest names and the plan's
 * targets to its message. A plan that does not load is left to the command, which reports it.
 */
export async function checkOnly(planFile: string, only: readonly string[]): Promise<void> {
  const accounts = await loadPlan(planFile).then(expandTargets, () => undefined);
  if (!accounts) return;
  try {
    selectAccounts(accounts, only);
  } catch (error) {
    if (!(error instanceof SelectionError)) return;
    const { targets, ids } = accountNames(accounts);
    const known = new Set([...targets, ...ids]);
    const unknown = only.filter((name) => !known.has(name));
    throw new SelectionError(`${error.message}.${unknownNameHint(unknown, [...known], "The plan's targets", targets)}`);
  }
}
