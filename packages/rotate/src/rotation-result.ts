import type { VerificationEvidence } from './secret-store/secret-store.js';

export type Step = 'plan' | 'adopt' | 'preflight' | 'create' | 'resume' | 'set' | 'test' | 'finish' | 'skip';

/**
 * - `rotated`: the new password is CURRENT, proven;
 * - `skipped`: not due, or manual;
 * - `failed`: not rotated, nothing lost (CURRENT still works, or a PENDING is kept for the next run);
 * - `needs-attention`: the run cannot tell which password the database has; nothing was overwritten.
 */
export type Outcome = 'rotated' | 'skipped' | 'failed' | 'needs-attention';

export interface AccountResult {
  readonly account: string;
  readonly target: string;
  readonly outcome: Outcome;
  /** The step it ended in. */
  readonly step: Step;
  /** It found a PENDING version from an earlier run. */
  readonly resumed: boolean;
  readonly message?: string;
  readonly evidence?: VerificationEvidence;
}

/** One line of the audit log: what happened to which account, never a secret. */
export interface RotationEvent {
  readonly time: string;
  readonly account: string;
  readonly target: string;
  readonly step: Step;
  readonly outcome: 'started' | 'ok' | 'failed' | 'unknown' | 'skipped' | 'needs-attention';
  readonly message?: string;
  readonly jobId?: string;
  readonly requestIds?: readonly string[];
  readonly errorCode?: string;
}

export interface RotationSummary {
  readonly results: readonly AccountResult[];
  readonly counts: Readonly<Record<Outcome, number>>;
  readonly startedAt: string;
  readonly durationMs: number;
  /** What went wrong after the work was done and does not change its outcome (the store's lock not released). */
  readonly warnings?: readonly string[];
}

export function countOutcomes(results: readonly AccountResult[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { rotated: 0, skipped: 0, failed: 0, 'needs-attention': 0 };
  for (const result of results) counts[result.outcome] += 1;
  return counts;
}
