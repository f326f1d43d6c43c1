import { isDue, type PlannedAccount, type SecretVersion } from '@dbpass/rotate';
import type { AccountOutcome } from './audit-history.js';
import type { MetricFamily, Sample } from './exposition.js';

const seconds = (iso: string | undefined): number | undefined => {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(at) ? at / 1000 : undefined;
};

/** Where accounts stand after their last run: every account's (from the audit log), or only those in `outcomes`. */
export interface KnownOutcomes {
  readonly outcomes: ReadonlyMap<string, AccountOutcome>;
  readonly all: boolean;
}

const flag = (value: boolean): number => (value ? 1 : 0);

interface AccountRow {
  readonly labels: Readonly<Record<string, string>>;
  readonly currentAt?: number;
  readonly rotatedAt?: number;
  readonly verifiedAt?: number;
  readonly pendingAt?: number;
  readonly periodSeconds?: number;
  readonly pending: number;
  readonly overdue: number;
  readonly failed?: number;
  readonly needsAttention?: number;
}

function rowOf(
  account: PlannedAccount,
  versions: readonly SecretVersion[],
  known: KnownOutcomes,
  now: Date,
): AccountRow {
  const current = versions.find((version) => version.stages.includes('CURRENT'));
  const currentAt = seconds(current?.promotedAt);
  // Adopting records a password dbpass did not make: only promotions of its own passwords are rotations.
  const rotations = versions
    .filter((version) => !version.evidence?.adopted)
    .map((version) => seconds(version.promotedAt))
    .filter((at): at is number => at !== undefined);
  // A failure older than CURRENT was made good since (a later adopt or rotation the log may not show).
  const last = known.outcomes.get(account.ref.id);
  const standing = last && (currentAt === undefined || last.at / 1000 > currentAt) ? last.outcome : 'rotated';
  const verifiedAt = seconds(current?.evidence?.at);
  const pending = versions.find((version) => version.stages.includes('PENDING'));
  const pendingAt = seconds(pending?.createdAt);
  return {
    labels: { account: account.ref.id, target: account.ref.target, kind: account.ref.kind },
    ...(currentAt === undefined ? {} : { currentAt }),
    ...(rotations.length > 0 ? { rotatedAt: Math.max(...rotations) } : {}),
    ...(verifiedAt === undefined ? {} : { verifiedAt }),
    ...(pendingAt === undefined ? {} : { pendingAt }),
    ...(account.periodMs === undefined ? {} : { periodSeconds: account.periodMs / 1000 }),
    pending: flag(pending !== undefined),
    overdue: flag(isDue(account, current, now)),
    ...(known.all || last
      ? { failed: flag(standing === 'failed'), needsAttention: flag(standing === 'needs-attention') }
      : {}),
  };
}

const family = (
  rows: readonly AccountRow[],
  name: string,
  help: string,
  value: (row: AccountRow) => number | undefined,
): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples: rows.flatMap((row): Sample[] => {
    const sample = value(row);
    return sample === undefined ? [] : [{ labels: row.labels, value: sample }];
  }),
});

/**
 * Per account of the plan (labels account, target, kind: bounded by the plan, never a secret): times as seconds
 * since the epoch, states as 0/1. Where an account's last run is not known (no audit log), its `failed` and
 * `needs_attention` are left out rather than a 0 that nobody measured.
 */
export function accountFamilies(
  planned: readonly PlannedAccount[],
  stored: ReadonlyMap<string, readonly SecretVersion[]>,
  known: KnownOutcomes,
  now: Date,
): MetricFamily[] {
  const rows = planned.map((account) => rowOf(account, stored.get(account.ref.id) ?? [], known, now));
  const unplanned = [...stored.keys()].filter((id) => !planned.some((account) => account.ref.id === id)).length;
  return [
    family(
      rows,
      'dbpass_account_current_timestamp_seconds',
      'When the password stored as CURRENT became current (rotated or adopted), in seconds since the epoch.',
      (row) => row.currentAt,
    ),
    family(
      rows,
      'dbpass_account_last_rotation_timestamp_seconds',
      'When dbpass last finished rotating the account (a password it made became CURRENT), in seconds since the epoch.',
      (row) => row.rotatedAt,
    ),
    family(
      rows,
      'dbpass_account_last_verification_timestamp_seconds',
      'When CURRENT was last proven (by login, the API or the operator at adoption), in seconds since the epoch.',
      (row) => row.verifiedAt,
    ),
    family(
      rows,
      'dbpass_account_period_seconds',
      "The plan's rotation period for the account.",
      (row) => row.periodSeconds,
    ),
    family(
      rows,
      'dbpass_account_overdue',
      '1 when the account is due (no CURRENT, or CURRENT older than its period): rotate --due would rotate it.',
      (row) => row.overdue,
    ),
    family(
      rows,
      'dbpass_account_pending',
      '1 while a PENDING password waits (a rotation started and not finished; the next run resumes it).',
      (row) => row.pending,
    ),
    family(
      rows,
      'dbpass_account_pending_timestamp_seconds',
      'When the PENDING password that waits was created, in seconds since the epoch.',
      (row) => row.pendingAt,
    ),
    family(
      rows,
      'dbpass_account_failed',
      '1 when the last run that worked on the account failed for it (nothing lost; the next run tries again).',
      (row) => row.failed,
    ),
    family(
      rows,
      'dbpass_account_needs_attention',
      '1 when the last run that worked on the account found that neither PENDING nor CURRENT logs in.',
      (row) => row.needsAttention,
    ),
    {
      name: 'dbpass_store_unplanned_accounts',
      help: 'Accounts the store holds that the plan does not name.',
      type: 'gauge',
      samples: [{ value: unplanned }],
    },
  ];
}
