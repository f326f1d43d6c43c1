import { expandTargets, loadPlan, rotate, selectAccounts } from '@dbpass/rotate';
import { auditLog } from '../audit-log.js';
import type { CliIo } from '../cli-io.js';
import { crashHook } from '../crash-hook.js';
import { exitCodeFor } from '../exit-codes.js';
import { loadLoginChecker } from '../load-login-checker.js';
import { openStore } from '../open-store.js';
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
}

export async function rotateCommand(options: RotateCommandOptions, io: CliIo): Promise<number> {
  try {
    const plan = await loadPlan(options.plan);
    const checkpoint = crashHook(io.env.DBPASS_CRASH_AT);
    const store = await openStore(plan, io.env, checkpoint);
    const checker = await loadLoginChecker(plan);
    const total = selectAccounts(expandTargets(plan), options.only).length;
    const reporter = options.json ? jsonReporter(io) : textReporter(io, total);
    const audit = auditLog(options.audit ?? plan.audit);
    audit({
      type: 'run',
      command: 'rotate',
      time: new Date().toISOString(),
      pid: process.pid,
      due: options.due,
      init: options.init ?? false,
      only: options.only ?? [],
    });
    const summary = await rotate({
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
    audit({ type: 'summary', time: new Date().toISOString(), counts: summary.counts, durationMs: summary.durationMs });
    reporter.summary(summary);
    return exitCodeFor(summary);
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
