import type { AccountResult, RotationEvent, RotationSummary } from '@dbpass/rotate';
import type { CliIo } from './cli-io.js';

export interface RotationReporter {
  event(event: RotationEvent): void;
  summary(summary: RotationSummary): void;
}

const describeResult = (result: AccountResult) =>
  `${result.outcome.padEnd(15)} ${result.account}${result.resumed ? ' (resumed)' : ''}${result.message && result.outcome !== 'rotated' ? `: ${result.message}` : ''}`;

const countsLine = (summary: RotationSummary) =>
  `${summary.results.length} accounts: ${summary.counts.rotated} rotated, ${summary.counts.skipped} skipped, ${summary.counts.failed} failed, ${summary.counts['needs-attention']} need attention (${(summary.durationMs / 1000).toFixed(1)} s)`;

/** `--json`: one JSON line per event, then one for the summary. */
export function jsonReporter(io: CliIo): RotationReporter {
  return {
    event: (event) => io.stdout(`${JSON.stringify({ type: 'event', ...event })}\n`),
    summary: (summary) => io.stdout(`${JSON.stringify({ type: 'summary', ...summary })}\n`),
  };
}

/** Text: on a terminal a live progress line on stderr; then one line per account and the counts. */
export function textReporter(io: CliIo, total: number): RotationReporter {
  const finished = new Set<string>();
  return {
    event: (event) => {
      if (!io.isTTY) return;
      if (
        event.step === 'finish' ||
        event.outcome === 'failed' ||
        event.outcome === 'needs-attention' ||
        event.outcome === 'skipped'
      )
        finished.add(event.account);
      io.stderr(`\r\x1b[K[${finished.size}/${total}] ${event.account}: ${event.step} ${event.outcome}`);
    },
    summary: (summary) => {
      if (io.isTTY) io.stderr('\r\x1b[K');
      for (const result of summary.results) io.stdout(`${describeResult(result)}\n`);
      io.stdout(`${countsLine(summary)}\n`);
    },
  };
}
