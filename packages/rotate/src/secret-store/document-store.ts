import { setTimeout as sleep } from 'node:timers/promises';
import { type Checkpoint, noCheckpoint } from '../checkpoint.js';
import { acquireCasLock, breakCasLock, type CasRegister, casLockInfo } from './cas-lock.js';
import { KeyedQueue } from './keyed-queue.js';
import { LockFence } from './lock-fence.js';
import { ownRecord, ownValue } from './own-record.js';
import {
  AdoptionConflictError,
  type Holding,
  type LockInfo,
  NotAdoptedError,
  type SecretStore,
  type SecretVersion,
  type Stage,
  type StoreLock,
  type VerificationEvidence,
  type VersionFields,
  type VersionNote,
} from './secret-store.js';
import {
  addPending,
  adoptCurrent,
  findStage,
  notePending,
  promotePending,
  type StoreDocument,
} from './store-document.js';
import { StoreConflictError } from './store-errors.js';

/** Versions per account id; a backend builds it with `ownRecord` and reads it with `ownValue`. */
export type Accounts = Record<string, SecretVersion[]>;

/** What a backend read from one remote object, and what it needs to write it back with compare-and-set. */
export interface Snapshot {
  readonly accounts: Accounts;
  /** Undefined when the object does not exist yet. */
  readonly revision: string | undefined;
  /** The object as read, so that a write keeps what dbpass does not own. */
  readonly raw?: unknown;
}

/** A remote store that keeps accounts in objects with a revision (a Vault KV secret, a Kubernetes Secret). */
export interface DocumentBackend {
  /** Which object an account lives in. */
  locationOf(accountId: string): string;
  load(location: string): Promise<Snapshot>;
  /**
   * The password applications read for `accountId` in this snapshot (the Secret's data key, the KV field), whether
   * dbpass manages it or not; undefined when the location holds none.
   */
  applicationPassword(snapshot: Snapshot, accountId: string): string | undefined;
  /** The user name applications read beside that password (the `alternating` strategy's pair), if the location has one. */
  applicationUsername(snapshot: Snapshot, accountId: string): string | undefined;
  /** Names an account's location in messages: `Secret apps/app-db, key password`. */
  describeLocation(accountId: string): string;
  /**
   * Writes `accounts` if the object is still at the snapshot's revision; false when another writer moved it. Every
   * field, key, label and annotation that dbpass does not own is written back byte for byte.
   */
  save(location: string, snapshot: Snapshot, accounts: Accounts): Promise<boolean>;
  loadAll(): Promise<Accounts>;
  readonly lockRegister: CasRegister;
  /** Names the store in errors: `vault store http://127.0.0.1:8200 (secret/dbpass)`. */
  readonly description: string;
}

/** Compare-and-set attempts before a write gives up on a busy object. */
const ATTEMPTS = 20;

const withoutPasswords = (versions: readonly SecretVersion[]) => versions.map(({ password: _secret, ...rest }) => rest);

/**
 * The SecretStore protocol over a backend of revisioned objects: every change is read, applied with the file
 * store's own rules (store-document.ts), and written with compare-and-set; a lost write is read and applied
 * again, so a second PENDING is refused even when two writers race.
 */
export class DocumentStore implements SecretStore {
  private readonly queue = new KeyedQueue();
  private readonly checkpoint: Checkpoint;
  private readonly now: () => Date;

  constructor(
    private readonly backend: DocumentBackend,
    options: { readonly checkpoint?: Checkpoint; readonly now?: () => Date } = {},
  ) {
    this.checkpoint = options.checkpoint ?? noCheckpoint;
    this.now = options.now ?? (() => new Date());
  }

  private readonly fence = new LockFence();

  lock(options: { waitMs?: number; leaseMs?: number } = {}): Promise<StoreLock> {
    return this.fence.hold(() => acquireCasLock(this.backend.lockRegister, options));
  }

  lockHolder(): Promise<LockInfo | undefined> {
    return casLockInfo(this.backend.lockRegister);
  }

  breakLock(): Promise<LockInfo | undefined> {
    return breakCasLock(this.backend.lockRegister);
  }

  async read(accountId: string, stage: Stage): Promise<SecretVersion | undefined> {
    const { accounts } = await this.backend.load(this.backend.locationOf(accountId));
    return findStage({ format: 'dbpass-store', version: 1, accounts: ownRecord(accounts) }, accountId, stage);
  }

  async list(): Promise<ReadonlyMap<string, readonly SecretVersion[]>> {
    return new Map(
      Object.entries(await this.backend.loadAll()).map(([id, versions]) => [id, withoutPasswords(versions)]),
    );
  }

  async inspect(accountId: string): Promise<Holding> {
    const snapshot = await this.backend.load(this.backend.locationOf(accountId));
    if ((ownValue(snapshot.accounts, accountId) ?? []).length > 0) return { state: 'managed' };
    const password = this.backend.applicationPassword(snapshot, accountId);
    if (password === undefined) return { state: 'absent' };
    const username = this.backend.applicationUsername(snapshot, accountId);
    return { state: 'unmanaged', password, ...(username === undefined ? {} : { username }) };
  }

  adopt(
    accountId: string,
    password: string,
    versionId: string,
    evidence: VerificationEvidence,
    fields: VersionFields = {},
  ): Promise<SecretVersion> {
    return this.change(accountId, (document, snapshot) => {
      const found = this.unmanagedPassword(snapshot, accountId);
      if (found !== undefined && found !== password)
        throw new AdoptionConflictError(
          `${accountId}: ${this.backend.describeLocation(accountId)} holds a different password than the one given; nothing was adopted`,
        );
      const user = found === undefined ? undefined : this.backend.applicationUsername(snapshot, accountId);
      if (user !== undefined && fields.username !== undefined && user !== fields.username)
        throw new AdoptionConflictError(
          `${accountId}: ${this.backend.describeLocation(accountId)} names user ${user}, not ${fields.username}; nothing was adopted`,
        );
      return adoptCurrent(document, accountId, password, versionId, evidence, this.now(), fields);
    });
  }

  putPending(
    accountId: string,
    password: string,
    versionId: string,
    fields: VersionFields = {},
  ): Promise<SecretVersion> {
    return this.change(accountId, (document, snapshot) => {
      if (this.unmanagedPassword(snapshot, accountId) !== undefined)
        throw new NotAdoptedError(accountId, this.backend.describeLocation(accountId));
      return addPending(document, accountId, password, versionId, this.now(), fields);
    });
  }

  /** The application's password at the location when dbpass has no versions of the account there. */
  private unmanagedPassword(snapshot: Snapshot, accountId: string): string | undefined {
    if ((ownValue(snapshot.accounts, accountId) ?? []).length > 0) return undefined;
    return this.backend.applicationPassword(snapshot, accountId);
  }

  note(accountId: string, versionId: string, note: VersionNote): Promise<void> {
    return this.change(accountId, (document) => notePending(document, accountId, versionId, note));
  }

  promote(accountId: string, versionId: string, evidence: VerificationEvidence): Promise<void> {
    return this.change(accountId, (document) => promotePending(document, accountId, versionId, evidence, this.now()));
  }

  private change<T>(accountId: string, apply: (document: StoreDocument, snapshot: Snapshot) => T): Promise<T> {
    const location = this.backend.locationOf(accountId);
    return this.queue.run(location, async () => {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        this.fence.check(`${this.backend.description}: ${accountId}`);
        const snapshot = await this.backend.load(location);
        const document: StoreDocument = {
          format: 'dbpass-store',
          version: 1,
          accounts: ownRecord(structuredClone(snapshot.accounts)),
        };
        const result = apply(document, snapshot);
        this.checkpoint('store:temp-written');
        if (await this.backend.save(location, snapshot, document.accounts)) {
          this.checkpoint('store:renamed');
          return result;
        }
        await sleep(Math.floor(Math.random() * 20 * attempt));
      }
      throw new StoreConflictError(
        `${this.backend.description}: ${accountId}: other writers kept changing it; gave up after ${ATTEMPTS} compare-and-set attempts`,
      );
    });
  }
}
