import { expandTargets, loadPlan, type Stage } from '@dbpass/rotate';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { openStore } from '../open-store.js';
import { reportError } from '../report-error.js';

/** Prints one password (for piping), the only command that ever does. */
export async function getCommand(
  options: { plan: string; json: boolean; account: string; stage: Stage },
  io: CliIo,
): Promise<number> {
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
    io.stdout(
      options.json
        ? `${JSON.stringify({ account: matches[0]!.ref.id, stage: options.stage, versionId: version.versionId, password: version.password })}\n`
        : `${version.password}\n`,
    );
    return EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
