export type Stage = 'CURRENT' | 'PENDING' | 'PREVIOUS';

/** How a PENDING password was proven before it became CURRENT. */
export interface VerificationEvidence {
  /** `login`: the verifier logged in with it; `api`: the plan says no login is possible, the cloud's answer is the proof. */
  readonly method: 'login' | 'api';
  readonly at: string;
  /** Login: the new password logged in. */
  readonly pendingAccepted?: boolean;
  /** Login: the old CURRENT was refused (`no-current` for an account's first rotation). */
  readonly currentRefused?: boolean | 'no-current';
  /** API: the job that applied it and its end status, or the operation that answered success. */
  readonly jobId?: string;
  readonly apiResult?: string;
  readonly requestIds?: readonly string[];
  readonly note?: string;
}

export interface SecretVersion {
  readonly versionId: string;
  /** Absent once a version has no stage left (it no longer opens anything). */
  readonly password?: string;
  readonly stages: readonly Stage[];
  readonly createdAt: string;
  /** When a set of this password was last answered with success. */
  readonly appliedAt?: string;
  readonly promotedAt?: string;
  readonly evidence?: VerificationEvidence;
}

/** What a PENDING version may later record about itself (never its password). */
export type VersionNote = Partial<Pick<SecretVersion, 'appliedAt' | 'evidence'>>;

export interface StoreLock {
  release(): Promise<void>;
}

/** Thrown when another run holds the store's lock. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
  constructor(readonly holder: string) {
    super(`the store is locked by another run (${holder}); wait for it to finish, or run again with --wait`);
  }
}

/** Thrown by `putPending` when the account already has a PENDING version: a run never makes a second one. */
export class PendingExistsError extends Error {
  override name = 'PendingExistsError';
  constructor(readonly accountId: string) {
    super(`${accountId}: a PENDING version already exists; resume it instead of creating another`);
  }
}

/**
 * Where rotation keeps passwords. Small on purpose, so that Vault, AWS Secrets Manager or Kubernetes Secrets can
 * implement it: every write is durable when its promise resolves.
 */
export interface SecretStore {
  /** Takes the store for one run; throws StoreLockedError if another run has it (or waits up to `waitMs`). */
  lock(options?: { waitMs?: number }): Promise<StoreLock>;
  read(accountId: string, stage: Stage): Promise<SecretVersion | undefined>;
  /** Every version of every account, passwords left out (for status). */
  list(): Promise<ReadonlyMap<string, readonly SecretVersion[]>>;
  /** Writes a new PENDING version; compare-and-set: throws PendingExistsError if one exists. */
  putPending(accountId: string, password: string, versionId: string): Promise<SecretVersion>;
  /** Records what happened to the PENDING version `versionId` (fails if it is no longer PENDING). */
  note(accountId: string, versionId: string, note: VersionNote): Promise<void>;
  /** PENDING `versionId` becomes CURRENT, the old CURRENT becomes PREVIOUS; fails if `versionId` is not PENDING. */
  promote(accountId: string, versionId: string, evidence: VerificationEvidence): Promise<void>;
}
