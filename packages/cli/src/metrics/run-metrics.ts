import type { Outcome } from '@dbpass/rotate';
import type { RunRecord } from './audit-history.js';
import type { MetricFamily } from './exposition.js';

const OUTCOMES: readonly Outcome[] = ['rotated', 'skipped', 'failed', 'needs-attention'];

const gauge = (name: string, help: string, value: number | undefined): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples: value === undefined ? [] : [{ value }],
});

/** The last `rotate` run and the last one that succeeded; nothing for what is not known. */
export function runFamilies(run: RunRecord | undefined, lastSuccessAt: number | undefined): MetricFamily[] {
  return [
    gauge(
      'dbpass_last_run_timestamp_seconds',
      'When the last rotate run ended, in seconds since the epoch.',
      run && run.endedAt / 1000,
    ),
    gauge(
      'dbpass_last_run_duration_seconds',
      'How long the last rotate run took.',
      run?.durationMs === undefined ? undefined : run.durationMs / 1000,
    ),
    gauge(
      'dbpass_last_run_success',
      '1 when the last rotate run exited 0 (every selected account rotated or was not due).',
      run && (run.exitCode === 0 ? 1 : 0),
    ),
    gauge(
      'dbpass_last_run_exit_code',
      'The exit code of the last rotate run (2 some failed, 3 some need attention, 4 the store was locked, 1 nothing was sent).',
      run?.exitCode,
    ),
    {
      name: 'dbpass_last_run_accounts',
      help: 'Accounts of the last rotate run, by outcome.',
      type: 'gauge',
      samples: run ? OUTCOMES.map((outcome) => ({ labels: { outcome }, value: run.counts[outcome] })) : [],
    },
    gauge(
      'dbpass_last_successful_run_timestamp_seconds',
      'When the last rotate run that exited 0 ended, in seconds since the epoch.',
      lastSuccessAt === undefined ? undefined : lastSuccessAt / 1000,
    ),
  ];
}
