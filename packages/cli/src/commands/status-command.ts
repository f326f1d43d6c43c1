import { expandTargets, loadPlan, type SecretVersion } from '@dbpass/rotate';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { openStore } from '../open-store.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';

export interface AccountStatus {
  readonly account: string;
  readonly target: string;
  readonly stages: readonly string[];
  /** Age of CURRENT in whole days, when there is one. */
  readonly currentAgeDays?: number;
  readonly lastVerification?: { readonly method: string; readonly at: string };
  readonly pendingLeftOver: boolean;
  readonly inPlan: boolean;
}

const DAY_MS = 86_400_000;

function statusOf(
  account: string,
  target: string,
  versions: readonly SecretVersion[],
  inPlan: boolean,
  now: number,
): AccountStatus {
  const current = versions.find((version) => version.stages.includes('CURRENT'));
  return {
    account,
    target,
    stages: versions.flatMap((version) => version.stages),
    ...(current?.promotedAt ? { currentAgeDays: Math.floor((now - Date.parse(current.promotedAt)) / DAY_MS) } : {}),
    ...(current?.evidence ? { lastVerification: { method: current.evidence.method, at: current.evidence.at } } : {}),
    pendingLeftOver: versions.some((version) => version.stages.includes('PENDING')),
    inPlan,
  };
}

/**
 * Per account: stages held, age of CURRENT, last verification, a PENDING left over. Never a password. Everything
 * printed passes through `printableIo`: ids and dates come from the store, and errors carry what a server said.
 */
export async function statusCommand(options: { plan: string; json: boolean }, terminal: CliIo): Promise<number> {
  const io = printableIo(terminal, options.json);
  try {
    const plan = await loadPlan(options.plan);
    const store = await openStore(plan, io.env);
    const stored = await store.list();
    const now = Date.now();
    const planned = expandTargets(plan);
    const rows = planned.map((account) =>
      statusOf(account.ref.id, account.ref.target, stored.get(account.ref.id) ?? [], true, now),
    );
    for (const [id, versions] of stored)
      if (!planned.some((account) => account.ref.id === id)) rows.push(statusOf(id, '-', versions, false, now));
    for (const row of rows) {
      if (options.json) {
        io.stdout(`${JSON.stringify(row)}\n`);
        continue;
      }
      const age = row.currentAgeDays === undefined ? 'no CURRENT' : `CURRENT ${row.currentAgeDays} d old`;
      const verified = row.lastVerification
        ? `verified by ${row.lastVerification.method} ${row.lastVerification.at}`
        : 'never verified';
      io.stdout(
        `${row.account}: ${row.stages.join('+') || 'nothing stored'}; ${age}; ${verified}${row.pendingLeftOver ? '; PENDING left over (the next rotate resumes it)' : ''}${row.inPlan ? '' : '; not in the plan'}\n`,
      );
    }
    return EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
