export type Stage = 'CURRENT' | 'PENDING' | 'PREVIOUS';

/** Every stage, in the order stores keep them. */
export const STAGES: readonly Stage[] = ['CURRENT', 'PENDING', 'PREVIOUS'];

/** The stages an account's versions hold. */
export const stagesOf = (versions: readonly SecretVersion[] = []): ReadonlySet<Stage> =>
  new Set(versions.flatMap((version) => version.stages));

/** How a PENDING password was proven before it became CURRENT. */
export interface VerificationEvidence {
  /**
   * `login`: the verifier logged in with it; `api`: the plan says no login is possible, the cloud's answer is the
   * proof; `trust`: adopted on the operator's word (`dbpass adopt --trust`) for an account no login can reach.
   */
  readonly method: 'login' | 'api' | 'trust';
  /** Set on the version `adopt` recorded: the password applications already used, not one dbpass made. */
  readonly adopted?: boolean;
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
  /** Set on a version an `alternating` rotation promoted: its user is the one the version names. */
  readonly strategy?: 'alternating';
}

export interface SecretVersion {
  readonly versionId: string;
  /**
   * The database user this password belongs to, when the account alternates between two users (the `alternating`
   * strategy): applications read CURRENT's user and password together. Absent: the account's own user.
   */
  readonly username?: string;
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
  /** True once a renewal of the lease found another run holding the lock: this run may no longer write. */
  lost(): boolean;
}

/** Who holds a store's run lock (`dbpass unlock`): the holder in words, and why it no longer holds it, if it does not. */
export interface LockInfo {
  readonly holder: string;
  readonly stale?: string;
}

/** Thrown by a write of a run that lost its lock (its lease passed and another run took the store over). */
export class LockLostError extends Error {
  override name = 'LockLostError';
}

/** Thrown when another run holds the store's lock. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
  constructor(readonly holder: string) {
    super(`the store is locked by another run (${holder}); wait for it to finish, or run again with --wait`);
  }
}

/**
 * What an account's location holds for applications: `managed` once dbpass keeps versions there; `unmanaged` when
 * it holds a password (in the shape applications read) that dbpass has not adopted; `absent` when it holds none.
 */
export type Holding =
  | { readonly state: 'managed' }
  | { readonly state: 'unmanaged'; readonly password: string; readonly username?: string }
  | { readonly state: 'absent' };

/** Thrown by a write to a location that holds a password dbpass has not adopted: it is never written over. */
export class NotAdoptedError extends Error {
  override name = 'NotAdoptedError';
  constructor(
    readonly accountId: string,
    where: string,
  ) {
    super(
      `${accountId}: ${where} holds a password that dbpass has not adopted; nothing was written. Run \`dbpass adopt --only ${accountId}\` first`,
    );
  }
}

/** Thrown by `adopt` when dbpass already manages the account, or the location holds another password than the one given. */
export class AdoptionConflictError extends Error {
  override name = 'AdoptionConflictError';
}

/** Thrown by `putPending` when the account already has a PENDING version: a run never makes a second one. */
export class PendingExistsError extends Error {
  override name = 'PendingExistsError';
  constructor(readonly accountId: string) {
    super(`${accountId}: a PENDING version already exists; resume it instead of creating another`);
  }
}

/** What a version carries beside its password. */
export interface VersionFields {
  /** The user the password belongs to (see `SecretVersion.username`); written where applications read CURRENT's user. */
  readonly username?: string | undefined;
}

/**
 * Where rotation keeps passwords. Small on purpose, so that Vault, AWS Secrets Manager or Kubernetes Secrets can
 * implement it: every write is durable when its promise resolves.
 */
export interface SecretStore {
  /**
   * Takes the store for one run, with a lease renewed while the run lives; throws StoreLockedError if another run
   * has it (or waits up to `waitMs`). A holder whose lease passed, or that no longer runs, is taken over.
   */
  lock(options?: { readonly waitMs?: number | undefined; readonly leaseMs?: number | undefined }): Promise<StoreLock>;
  /** Who holds the run lock now, if anyone. */
  lockHolder(): Promise<LockInfo | undefined>;
  /** Removes the run lock whoever holds it (`dbpass unlock --force`); what it removed. */
  breakLock(): Promise<LockInfo | undefined>;
  read(accountId: string, stage: Stage): Promise<SecretVersion | undefined>;
  /** Every version of every account, passwords left out (for status). */
  list(): Promise<ReadonlyMap<string, readonly SecretVersion[]>>;
  /** What applications read at the account's location, and whether dbpass manages it. */
  inspect(accountId: string): Promise<Holding>;
  /**
   * Records `password` as the account's CURRENT in place, with `evidence` (`adopted: true`). A location that holds
   * it already keeps every byte applications read (only dbpass's own metadata is added); an empty one gets it in the
   * shape applications read. AdoptionConflictError when dbpass manages the account already or the location holds a
   * different password.
   */
  adopt(
    accountId: string,
    password: string,
    versionId: string,
    evidence: VerificationEvidence,
    fields?: VersionFields,
  ): Promise<SecretVersion>;
  /**
   * Writes a new PENDING version; compare-and-set: throws PendingExistsError if one exists, NotAdoptedError if the
   * location holds a password dbpass has not adopted.
   */
  putPending(accountId: string, password: string, versionId: string, fields?: VersionFields): Promise<SecretVersion>;
  /** Records what happened to the PENDING version `versionId` (fails if it is no longer PENDING). */
  note(accountId: string, versionId: string, note: VersionNote): Promise<void>;
  /**
   * PENDING `versionId` becomes CURRENT; fails if `versionId` is not PENDING. The old CURRENT becomes PREVIOUS when
   * it was proven by login (or nothing is PREVIOUS yet); when it has only the API's or the operator's word, PREVIOUS
   * keeps the last password that logged in and the old CURRENT is dropped (see `nextPrevious`).
   */
  promote(accountId: string, versionId: string, evidence: VerificationEvidence): Promise<void>;
}
