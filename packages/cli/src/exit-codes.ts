import type { RotationSummary } from '@dbpass/rotate';

/** What a script can branch on. */
export const EXIT_CODES = {
  /** Every selected account rotated and verified (or was not due). */
  ok: 0,
  /** A bad plan, a missing credential variable, an unreadable store, bad arguments: nothing was sent. */
  usage: 1,
  /** Some accounts failed; nothing was lost (CURRENT still works, or a PENDING waits for the next run). */
  someFailed: 2,
  /** Some accounts need attention: which password the database has could not be found out. */
  needsAttention: 3,
  /** Another run holds the store. */
  locked: 4,
} as const;

export function exitCodeFor(summary: RotationSummary): number {
  if (summary.counts['needs-attention'] > 0) return EXIT_CODES.needsAttention;
  if (summary.counts.failed > 0) return EXIT_CODES.someFailed;
  return EXIT_CODES.ok;
}
