import { type AccountResult, countOutcomes, type RotationSummary } from '@dbpass/rotate';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES, exitCodeFor } from './exit-codes.js';
import { jsonReporter, textReporter } from './rotation-reporter.js';

const capture = (isTTY: boolean) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env: {}, isTTY };
  return { io, out, err };
};

const result = (account: string, outcome: AccountResult['outcome'], message?: string): AccountResult => ({
  account,
  target: account,
  outcome,
  step: 'finish',
  resumed: false,
  ...(message ? { message } : {}),
});
const summaryOf = (results: AccountResult[]): RotationSummary => ({
  results,
  counts: countOutcomes(results),
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1200,
});
const event = { time: 't', account: 'a', target: 'a', step: 'finish', outcome: 'ok' } as const;

describe('reporters and exit codes', () => {
  it('shows progress only on a terminal, then one line per account and the counts', () => {
    const tty = capture(true);
    const reporter = textReporter(tty.io, 2);
    reporter.event(event);
    expect(tty.err.join('')).toContain('[1/2] a: finish ok');
    reporter.summary(summaryOf([result('a', 'rotated'), result('b', 'failed', 'the verifier could not log in')]));
    expect(tty.out.join('')).toMatch(
      /rotated +a\nfailed +b: the verifier could not log in\n2 accounts: 1 rotated, 0 skipped, 1 failed, 0 need attention/,
    );
    const pipe = capture(false);
    textReporter(pipe.io, 2).event(event);
    expect(pipe.err).toEqual([]);
  });

  it('writes JSON lines with --json', () => {
    const { io, out } = capture(false);
    const reporter = jsonReporter(io);
    reporter.event(event);
    reporter.summary(summaryOf([result('a', 'rotated')]));
    expect(out.map((line) => JSON.parse(line).type)).toEqual(['event', 'summary']);
  });

  it('maps outcomes to exit codes: needs attention wins over failed, failed over rotated', () => {
    expect(exitCodeFor(summaryOf([result('a', 'rotated'), result('b', 'skipped')]))).toBe(EXIT_CODES.ok);
    expect(exitCodeFor(summaryOf([result('a', 'rotated'), result('b', 'failed')]))).toBe(EXIT_CODES.someFailed);
    expect(exitCodeFor(summaryOf([result('a', 'needs-attention'), result('b', 'failed')]))).toBe(
      EXIT_CODES.needsAttention,
    );
  });
});
