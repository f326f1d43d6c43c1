import { describeStore, loadPlan } from '@dbpass/rotate';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { openStore } from '../open-store.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';

/**
 * `dbpass unlock`: who holds the store's run lock and whether it still may; `--force` removes it. A holder whose
 * lease has passed is taken over by the next run anyway; `--force` is for one that is known to be gone sooner.
 * Everything printed passes through `printableIo`: the holder is read from the store.
 */
export async function unlockCommand(
  options: { plan: string; json: boolean; force: boolean },
  terminal: CliIo,
): Promise<number> {
  const io = printableIo(terminal, options.json);
  try {
    const plan = await loadPlan(options.plan);
    const store = await openStore(plan, io.env);
    const where = describeStore(plan.store);
    const info = options.force ? await store.breakLock() : await store.lockHolder();
    const state = !info ? 'free' : options.force ? 'broken' : info.stale ? 'stale' : 'held';
    if (options.json) io.stdout(`${JSON.stringify({ type: 'lock', state, ...info })}\n`);
    else if (!info) io.stdout(`${where}: no run holds the lock\n`);
    else if (options.force)
      io.stdout(
        `${where}: removed the lock of ${info.holder}. If that run still runs, it writes nothing more (its next write finds the lock gone); the next rotate resumes whatever it left\n`,
      );
    else
      io.stdout(
        info.stale
          ? `${where}: held by ${info.holder}, which no longer holds it (${info.stale}); the next run takes it over\n`
          : `${where}: held by ${info.holder}; it renews its lease while it runs. If you know it is gone, \`dbpass unlock --force\` removes the lock\n`,
      );
    return state === 'held' ? EXIT_CODES.locked : EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
