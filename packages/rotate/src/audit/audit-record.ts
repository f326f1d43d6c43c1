import type { Outcome, RotationEvent } from '../rotation-result.js';

/** The first line of a run: which command, when, by which process, and what it was asked to do. */
export interface AuditRunRecord {
  readonly type: 'run';
  readonly command: 'rotate' | 'adopt';
  readonly time: string;
  readonly pid: number;
  /** `rotate` only. */
  readonly due?: boolean | undefined;
  /** `rotate` only. */
  readonly init?: boolean | undefined;
  readonly only: readonly string[];
}

/** One step of one account, as `onEvent` receives it. */
export type AuditEventRecord = { readonly type: 'event' } & RotationEvent;

/** The last line of a run: its counts, or the name of the error that stopped it (never its message). */
export type AuditEndRecord =
  | {
      readonly type: 'end';
      readonly time: string;
      readonly counts: Readonly<Partial<Record<Outcome | 'adopted' | 'managed' | 'refused', number>>>;
      /** `rotate` only. */
      readonly durationMs?: number | undefined;
    }
  | {
      readonly type: 'end';
      readonly time: string;
      readonly error: string;
      /** The CLI's exit code; absent when the library wrote the line. */
      readonly exitCode?: number | undefined;
    };

/** One JSON line of the audit log (`run`, then `event`s, then `end`): ids, steps, outcomes, never a secret. */
export type AuditRecord = AuditRunRecord | AuditEventRecord | AuditEndRecord;
