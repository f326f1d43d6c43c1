import { open as openFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Outcome } from '@dbpass/rotate';
import { exitCodeFor } from '../exit-codes.js';

/** What one `rotate` run ended with, as far as is known. */
export interface RunRecord {
  /** Milliseconds since the epoch. */
  readonly endedAt: number;
  readonly durationMs?: number;
  readonly exitCode: number;
  /** Accounts per outcome; all zero for a run that stopped before any account (a bad plan, a held lock). */
  readonly counts: Readonly<Record<Outcome, number>>;
}

/** Where an account stands after the last run that worked on it: an account a run only skipped keeps its state. */
export interface AccountOutcome {
  readonly outcome: 'rotated' | 'failed' | 'needs-attention';
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export interface RunHistory {
  readonly lastRun?: RunRecord;
  /** When the last run that exited 0 ended. */
  readonly lastSuccessAt?: number;
  readonly accounts: ReadonlyMap<string, AccountOutcome>;
}

export const NO_COUNTS: Readonly<Record<Outcome, number>> = { rotated: 0, skipped: 0, failed: 0, 'needs-attention': 0 };

type AuditRecord = Record<string, unknown>;

const timeOf = (record: AuditRecord): number | undefined => {
  const at = typeof record.time === 'string' ? Date.parse(record.time) : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
};

const isRotateCounts = (counts: unknown): counts is Record<Outcome, number> =>
  typeof counts === 'object' &&
  counts !== null &&
  (Object.keys(NO_COUNTS) as Outcome[]).every((key) => typeof (counts as Record<string, unknown>)[key] === 'number');

/** The run an `end` line closes, if it is a rotation. */
function rotateRun(end: AuditRecord, started: AuditRecord | undefined, endedAt: number): RunRecord | undefined {
  if (isRotateCounts(end.counts)) {
    const counts = { ...NO_COUNTS, ...end.counts };
    return {
      endedAt,
      ...(typeof end.durationMs === 'number' ? { durationMs: end.durationMs } : {}),
      exitCode: exitCodeFor({ results: [], counts, startedAt: '', durationMs: 0 }),
      counts,
    };
  }
  if (started?.command !== 'rotate' || typeof end.exitCode !== 'number') return undefined;
  const startedAt = timeOf(started);
  return {
    endedAt,
    ...(startedAt === undefined ? {} : { durationMs: Math.max(0, endedAt - startedAt) }),
    exitCode: end.exitCode,
    counts: NO_COUNTS,
  };
}

function parseRecord(line: string): AuditRecord | undefined {
  try {
    const record: unknown = JSON.parse(line);
    return typeof record === 'object' && record !== null && !Array.isArray(record)
      ? (record as AuditRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What an event says of its account, if it ends the account's part of a rotation. */
function eventOutcome(record: AuditRecord): AccountOutcome['outcome'] | undefined {
  if (record.step === 'adopt') return undefined;
  if (record.step === 'finish' && record.outcome === 'ok') return 'rotated';
  if (record.outcome === 'failed' || record.outcome === 'needs-attention') return record.outcome;
  return undefined;
}

/**
 * Reads the audit log (one JSON line per record: `run`, `event`, `end`) line by line, whatever its size. Lines
 * that are not records (a run killed mid-write) are passed over. `end` lines carry no run id: each closes the
 * latest run still open, which pairs a run refused by the lock with itself even inside another run's lines. A
 * log that does not exist yet is an empty history.
 */
export async function readRunHistory(file: string): Promise<RunHistory> {
  const open: AuditRecord[] = [];
  const accounts = new Map<string, AccountOutcome>();
  let lastRun: RunRecord | undefined;
  let lastSuccessAt: number | undefined;
  const handle = await openFile(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!handle) return { accounts };
  const input = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      const record = parseRecord(line);
      const at = record && timeOf(record);
      if (!record || at === undefined) continue;
      if (record.type === 'run') open.push(record);
      else if (record.type === 'event' && typeof record.account === 'string') {
        const outcome = eventOutcome(record);
        if (outcome) accounts.set(record.account, { outcome, at });
      } else if (record.type === 'end') {
        const run = rotateRun(record, open.pop(), at);
        if (!run) continue;
        lastRun = run;
        if (run.exitCode === 0) lastSuccessAt = at;
      }
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return { ...(lastRun ? { lastRun } : {}), ...(lastSuccessAt === undefined ? {} : { lastSuccessAt }), accounts };
}
