import { expandTargets, loadPlan, type Stage } from '@dbpass/rotate';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { openStore } from '../open-store.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';

/**
 * Prints one password (for piping), the only command that ever does. The password is printed as stored (for a
 * terminal, `--json` escapes it without changing its value); everything else passes through `printableIo`.
 */
export async function getCommand(
  options: { plan: string; json: boolean; account: string; stage: Stage },
  terminal: CliIo,
): Promise<number> {
  const io = printableIo(terminal, options.json);
  try {
    const plan = await loadPlan(options.plan);
    const matches = expandTargets(plan).filter(
      (account) => account.ref.id === options.account || account.ref.target === options.account,
    );
    if (matches.length !== 1) {
      const hint =
        matches.length > 1 ? `; it has several accounts: ${matches.map((account) => account.ref.id).join(', ')}` : '';
      io.stderr(`dbpass get: no single account named "${options.account}" in the plan${hint}\n`);
      return EXIT_CODES.usage;
    }
    const store = await openStore(plan, io.env);
    const version = await store.read(matches[0]!.ref.id, options.stage);
    if (!version?.password) {
      io.stderr(`dbpass get: ${matches[0]!.ref.id} has no ${options.stage} password in the store\n`);
      return EXIT_CODES.usage;
    }
    if (options.json)
      io.stdout(
        `${JSON.stringify({ account: matches[0]!.ref.id, stage: options.stage, versionId: version.versionId, password: version.password })}\n`,
      );
    else terminal.stdout(`${version.password}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
