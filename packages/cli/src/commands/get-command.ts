import { expandTargets, loadPlan, SelectionError, type Stage } from '@dbpass/rotate';
import { accountNames } from '../check-only.js';
import type { CliIo } from '../cli-io.js';
import { unknownNameHint } from '../closest-names.js';
import { EXIT_CODES } from '../exit-codes.js';
import { openStore } from '../open-store.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';
import { UsageError } from '../usage-error.js';

/**
 * Prints one password (for piping), the only command that ever does. The password is printed as stored (for a
 * terminal, `--json` escapes it without changing its value); everything else passes through `printableIo`.
 */
export async function getCommand(
  options: { plan: string; json: boolean; account: string; stage: Stage; field?: 'password' | 'username' },
  terminal: CliIo,
): Promise<number> {
  const io = printableIo(terminal, options.json);
  try {
    const plan = await loadPlan(options.plan);
    const accounts = expandTargets(plan);
    const matches = accounts.filter(
      (account) => account.ref.id === options.account || account.ref.target === options.account,
    );
    if (matches.length > 1)
      throw new SelectionError(
        `target "${options.account}" has several accounts: ${matches.map((account) => account.ref.id).join(', ')}; give one of them`,
      );
    if (matches.length === 0) {
      const { targets, ids } = accountNames(accounts);
      // A target of several accounts is no answer to `get`: only single-account targets and ids are suggested.
      const single = targets.filter(
        (target) => accounts.filter((account) => account.ref.target === target).length === 1,
      );
      throw new SelectionError(
        `no account named "${options.account}" in the plan.${unknownNameHint([options.account], [...single, ...ids], "The plan's targets", targets)}`,
      );
    }
    const { ref } = matches[0]!;
    const store = await openStore(plan, io.env);
    const version = await store.read(ref.id, options.stage);
    if (!version?.password) throw new UsageError(`${ref.id} has no ${options.stage} password in the store`);
    // An alternating account's version names its user; any other password is the account's own user's.
    const username = version.username ?? ref.userName;
    if (options.json)
      io.stdout(
        `${JSON.stringify({ account: ref.id, stage: options.stage, versionId: version.versionId, username, password: version.password })}\n`,
      );
    else if (options.field === 'username') io.stdout(`${username}\n`);
    else terminal.stdout(`${version.password}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
