import { readFile } from 'node:fs/promises';
import { type AccountResult, expandTargets, type Plan, type SecretStore } from '@dbpass/rotate';
import { accountFamilies } from './account-metrics.js';
import { type AccountOutcome, type RunRecord, readRunHistory } from './audit-history.js';
import { formatExposition, type MetricFamily } from './exposition.js';
import { runFamilies } from './run-metrics.js';
import { writeTextfileAtomic } from './write-textfile.js';

/** What a `rotate` run knows when it ends; `plan` and `store` are there when it got that far. */
export interface FinishedRun {
  readonly record: RunRecord;
  readonly plan?: Plan;
  readonly store?: SecretStore;
  readonly auditFile?: string;
  readonly results?: readonly AccountResult[];
}

const reason = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).name ?? 'error';

/** The last success the file already holds: a failed run must not lose when the one before it succeeded. */
async function previousSuccessAt(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const value = Number(/^dbpass_last_successful_run_timestamp_seconds (\S+)$/m.exec(text)?.[1]);
  return Number.isFinite(value) ? value * 1000 : undefined;
}

/**
 * Where each account stands: the audit log's history (when the plan or --audit names one) with this run's results
 * over it. Without a log only the accounts this run worked on are known.
 */
async function outcomesOf(run: FinishedRun, warn: (text: string) => void) {
  const history = run.auditFile
    ? await readRunHistory(run.auditFile).catch((error: unknown) => {
        warn(`the audit log ${run.auditFile} could not be read (${reason(error)})`);
        return undefined;
      })
    : undefined;
  const outcomes = new Map<string, AccountOutcome>(history?.accounts);
  for (const result of run.results ?? [])
    if (result.outcome !== 'skipped') outcomes.set(result.account, { outcome: result.outcome, at: run.record.endedAt });
  return { outcomes, all: history !== undefined, lastSuccessAt: history?.lastSuccessAt };
}

/** The metrics of a finished run: the run's own, and each account's as the store holds it now. */
async function runMetrics(file: string, run: FinishedRun, warn: (text: string) => void): Promise<MetricFamily[]> {
  const { outcomes, all, lastSuccessAt } = await outcomesOf(run, warn);
  const successes = [lastSuccessAt, await previousSuccessAt(file)].filter((at): at is number => at !== undefined);
  const families = runFamilies(
    run.record,
    run.record.exitCode === 0 ? run.record.endedAt : successes.length > 0 ? Math.max(...successes) : undefined,
  );
  if (!run.plan || !run.store) return families;
  try {
    const stored = await run.store.list();
    return [...families, ...accountFamilies(expandTargets(run.plan), stored, { outcomes, all }, new Date())];
  } catch (error) {
    warn(`the store could not be listed for the per-account metrics (${reason(error)})`);
    return families;
  }
}

/**
 * `rotate --metrics-file`: the file node exporter's textfile collector serves, replaced atomically after each run.
 * Whatever goes wrong here is a warning: metrics never change a run's outcome or exit code.
 */
export async function writeRunMetricsFile(
  file: string,
  run: FinishedRun,
  stderr: (text: string) => void,
): Promise<void> {
  const warn = (text: string) => stderr(`dbpass: warning: metrics file ${file}: ${text}\n`);
  try {
    if (!file.endsWith('.prom')) warn("node exporter's textfile collector reads only files whose names end in .prom");
    await writeTextfileAtomic(file, formatExposition(await runMetrics(file, run, warn)));
  } catch (error) {
    warn(`could not be written (${reason(error)}); the run's outcome stands`);
  }
}
