import {
  expandTargets,
  loadPlan,
  type Plan,
  type RotationSummary,
  rotate,
  type SecretStore,
  selectAccounts,
} from '@dbpass/rotate';
import { type AuditLog, openAuditLog } from '../audit-log.js';
import type { CliIo } from '../cli-io.js';
import { crashHook } from '../crash-hook.js';
import { EXIT_CODES, exitCodeFor } from '../exit-codes.js';
import { loadLoginChecker } from '../load-login-checker.js';
import { NO_COUNTS } from '../metrics/audit-history.js';
import { writeRunMetricsFile } from '../metrics/run-metrics-file.js';
import { openStore } from '../open-store.js';
import { printable, printableIo } from '../printable.js';
import { reportError } from '../report-error.js';
import { jsonReporter, textReporter } from '../rotation-reporter.js';

export interface RotateCommandOptions {
  readonly plan: string;
  readonly json: boolean;
  readonly due: boolean;
  readonly only?: readonly string[];
  /** Seconds to wait for another run's lock. */
  readonly wait?: number;
  readonly audit?: string;
  readonly init?: boolean;
  /** Where to write the run's metrics for node exporter's textfile collector. */
  readonly metricsFile?: string;
}

/** What a run got as far as, for its metrics. */
interface RunReach {
  plan?: Plan;
  store?: SecretStore;
  auditFile?: string;
  summary?: RotationSummary;
}

/** What the text reporter starts its progress line with: carriage return, erase line. Its own, so written as is. */
const CLEAR_LINE = '\r\x1b[K';

/** stderr for the text reporter: its progress line's control prefix kept, the rest (account ids) made printable. */
export const progressStderr =
  (terminal: CliIo, io: CliIo) =>
  (text: string): void => {
    if (text.startsWith(CLEAR_LINE)) terminal.stderr(`${CLEAR_LINE}${printable(text.slice(CLEAR_LINE.length))}`);
    else io.stderr(text);
  };

/**
 * `dbpass rotate`, and with `--metrics-file` the run's metrics written once it ended, however it ended (an
 * unexpected error included: it is exit 1). Everything printed passes through `printableIo`: account ids come
 * from the plan and the store, and results and errors carry what servers, drivers and stores said.
 */
export async function rotateCommand(options: RotateCommandOptions, terminal: CliIo): Promise<number> {
  const startedAt = Date.now();
  const reach: RunReach = {};
  let code: number = EXIT_CODES.usage;
  try {
    code = await rotateOnce(options, terminal, reach);
    return code;
  } finally {
    if (options.metricsFile) {
      const endedAt = Date.now();
      await writeRunMetricsFile(
        options.metricsFile,
        {
          record: {
            endedAt,
            durationMs: reach.summary?.durationMs ?? endedAt - startedAt,
            exitCode: code,
            counts: reach.summary?.counts ?? NO_COUNTS,
          },
          ...(reach.plan ? { plan: reach.plan } : {}),
          ...(reach.store ? { store: reach.store } : {}),
          ...(reach.auditFile ? { auditFile: reach.auditFile } : {}),
          ...(reach.summary ? { results: reach.summary.results } : {}),
        },
        printableIo(terminal, options.json).stderr,
      );
    }
  }
}

/** The run itself; `reach` records how far it got. */
async function rotateOnce(options: RotateCommandOptions, terminal: CliIo, reach: RunReach): Promise<number> {
  const io = printableIo(terminal, options.json);
  let audit: AuditLog = () => {};
  let summary: RotationSummary | undefined;
  try {
    const plan = await loadPlan(options.plan);
    reach.plan = plan;
    reach.auditFile = options.audit ?? plan.audit;
    audit = await openAuditLog(reach.auditFile, io.stderr);
    audit({
      type: 'run',
      command: 'rotate',
      time: new Date().toISOString(),
      pid: process.pid,
      due: options.due,
      init: options.init ?? false,
      only: options.only ?? [],
    });
    const checkpoint = crashHook(io.env.DBPASS_CRASH_AT);
    const store = await openStore(plan, io.env, checkpoint);
    reach.store = store;
    const checker = await loadLoginChecker(plan);
    const total = selectAccounts(expandTargets(plan), options.only).length;
    const reporter = options.json
      ? jsonReporter(io)
      : textReporter({ ...io, stderr: progressStderr(terminal, io) }, total);
    summary = await rotate({
      plan,
      store,
      checker,
      ...(options.only ? { only: options.only } : {}),
      due: options.due,
      init: options.init ?? false,
      env: io.env,
      ...(checkpoint ? { checkpoint } : {}),
      ...(options.wait !== undefined ? { lockWaitMs: options.wait * 1000 } : {}),
      onEvent: (event) => {
        audit({ type: 'event', ...event });
        reporter.event(event);
      },
    });
    reach.summary = summary;
    audit({ type: 'end', time: new Date().toISOString(), counts: summary.counts, durationMs: summary.durationMs });
    reporter.summary(summary);
    for (const warning of summary.warnings ?? []) io.stderr(`dbpass: warning: ${warning}\n`);
    return exitCodeFor(summary);
  } catch (error) {
    const code = reportError(error, io, options.json);
    audit({ type: 'end', time: new Date().toISOString(), error: (error as Error).name, exitCode: code });
    return code;
  }
}
