import { expandTargets, loadPlan, type PlannedAccount, type SecretVersion } from '@dbpass/rotate';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { accountFamilies } from '../metrics/account-metrics.js';
import { type RunHistory, readRunHistory } from '../metrics/audit-history.js';
import { formatExposition } from '../metrics/exposition.js';
import { runFamilies } from '../metrics/run-metrics.js';
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

export type StatusFormat = 'text' | 'json' | 'prometheus';

export interface StatusCommandOptions {
  readonly plan: string;
  readonly json: boolean;
  /** `text` unless `--json`. */
  readonly format?: StatusFormat;
  /** The audit log to read the last runs from; default the plan's. */
  readonly audit?: string;
}

/** The audit log's history, or nothing (said on stderr) when it cannot be read: metrics leave out what is not known. */
async function historyOf(file: string | undefined, io: CliIo): Promise<RunHistory | undefined> {
  if (!file) return undefined;
  try {
    return await readRunHistory(file);
  } catch (error) {
    io.stderr(
      `dbpass: warning: the audit log ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); the last run and each account's failures are left out\n`,
    );
    return undefined;
  }
}

/** `--format prometheus`: the text exposition format, per account and for the last rotate run the audit log shows. */
async function printMetrics(
  planned: readonly PlannedAccount[],
  stored: ReadonlyMap<string, readonly SecretVersion[]>,
  auditFile: string | undefined,
  io: CliIo,
): Promise<void> {
  const history = await historyOf(auditFile, io);
  const known = { outcomes: history?.accounts ?? new Map(), all: history !== undefined };
  io.stdout(
    formatExposition([
      ...runFamilies(history?.lastRun, history?.lastSuccessAt),
      ...accountFamilies(planned, stored, known, new Date()),
    ]),
  );
}

/**
 * Per account: stages held, age of CURRENT, last verification, a PENDING left over. Never a password. Everything
 * printed passes through `printableIo`: ids and dates come from the store, and errors carry what a server said.
 */
export async function statusCommand(options: StatusCommandOptions, terminal: CliIo): Promise<number> {
  const format = options.format && options.format !== 'text' ? options.format : options.json ? 'json' : 'text';
  const json = format === 'json';
  const io = printableIo(terminal, json);
  try {
    const plan = await loadPlan(options.plan);
    const store = await openStore(plan, io.env);
    const stored = await store.list();
    const now = Date.now();
    const planned = expandTargets(plan);
    if (format === 'prometheus') {
      await printMetrics(planned, stored, options.audit ?? plan.audit, io);
      return EXIT_CODES.ok;
    }
    const rows = planned.map((account) =>
      statusOf(account.ref.id, account.ref.target, stored.get(account.ref.id) ?? [], true, now),
    );
    for (const [id, versions] of stored)
      if (!planned.some((account) => account.ref.id === id)) rows.push(statusOf(id, '-', versions, false, now));
    for (const row of rows) {
      if (json) {
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
    return reportError(error, io, json);
  }
}
