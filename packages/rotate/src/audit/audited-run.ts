import { RotationSetupError } from '../fleet/rotation-setup-error.js';
import type { Plan } from '../plan/plan.js';
import type { RotationEvent } from '../rotation-result.js';
import { openAuditLog } from './audit-log.js';
import type { AuditEndRecord, AuditRunRecord } from './audit-record.js';

/**
 * Whether `rotate` and `adopt` write an audit log: `true` appends to the plan's `audit:` file, a string to that
 * file. Absent or `false`: the library writes none (`onEvent` receives the same events).
 */
export type AuditOption = boolean | string;

/** The file an `audit` option names, if any; `true` without an `audit:` in the plan is a setup error. */
export function auditFileOf(audit: AuditOption | undefined, plan: Plan): string | undefined {
  if (audit === undefined || audit === false) return undefined;
  if (audit !== true) return audit;
  if (plan.audit === undefined)
    throw new RotationSetupError(
      'audit: true, but the plan has no `audit:` file; add one to the plan or pass the file as `audit`; nothing was sent',
    );
  return plan.audit;
}

interface RunSummary {
  readonly counts: Extract<AuditEndRecord, { counts: unknown }>['counts'];
  readonly durationMs?: number | undefined;
  readonly warnings?: readonly string[] | undefined;
}

/**
 * Runs `work` between the audit log's `run` and `end` lines, handing it a recorder for its (already redacted)
 * events. Without a file it runs `work` alone. A log that cannot be opened stops the run before `work` starts; one
 * that fails later only adds a warning to the summary.
 */
export async function auditedRun<S extends RunSummary>(
  file: string | undefined,
  run: Pick<AuditRunRecord, 'command' | 'due' | 'init' | 'only'>,
  now: () => Date,
  work: (record: (event: RotationEvent) => void) => Promise<S>,
): Promise<S> {
  if (file === undefined) return work(() => {});
  const warnings: string[] = [];
  const log = await openAuditLog(file, { onWriteError: (message) => warnings.push(message) });
  const time = () => now().toISOString();
  log.write({
    type: 'run',
    command: run.command,
    time: time(),
    pid: process.pid,
    ...(run.due === undefined ? {} : { due: run.due }),
    ...(run.init === undefined ? {} : { init: run.init }),
    only: run.only,
  });
  let summary: S;
  try {
    summary = await work((event) => log.write({ type: 'event', ...event }));
  } catch (error) {
    log.write({ type: 'end', time: time(), error: error instanceof Error ? error.name : 'Error' });
    throw error;
  }
  log.write({
    type: 'end',
    time: time(),
    counts: summary.counts,
    ...(summary.durationMs === undefined ? {} : { durationMs: summary.durationMs }),
  });
  return warnings.length === 0 ? summary : { ...summary, warnings: [...(summary.warnings ?? []), ...warnings] };
}
