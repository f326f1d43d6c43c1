import { access, constants, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Checkpoint, noCheckpoint } from '../../checkpoint.js';
import { LockFence } from '../../secret-store/lock-fence.js';
import {
  type Holding,
  type LockInfo,
  LockLostError,
  type SecretStore,
  type SecretVersion,
  type Stage,
  type StoreLock,
  type VerificationEvidence,
  type VersionFields,
  type VersionNote,
} from '../../secret-store/secret-store.js';
import {
  addPending,
  adoptCurrent,
  findStage,
  notePending,
  promotePending,
  type StoreDocument,
  versionsOf,
} from '../../secret-store/store-document.js';
import { StoreUnavailableError } from '../../secret-store/store-errors.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { encrypt, newStoreId, type StoreHeader } from './encryption.js';
import { type Lineage, readStoreFile } from './read-store-file.js';
import { acquireRunLock, breakRunLock, runLockInfo } from './run-lock.js';
import { ACCEPT_ROLLBACK_ENV, StoreRollbackError, seenFileOf, writeSeen } from './seen-mark.js';
import { loadStoreKey, type StoreKeySource } from './store-key.js';

export { StoreRollbackError, StoreUnavailableError };

export interface FileStoreOptions {
  /** The store file; its directory must exist. The lock is `<path>.lock`. */
  readonly path: string;
  readonly key: StoreKeySource;
  readonly checkpoint?: Checkpoint | undefined;
  readonly now?: (() => Date) | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Use the store file even when `<path>.seen` says it is older than one this folder held (a restored backup), or
   * another store's file. Default: only the one file named by DBPASS_ACCEPT_ROLLBACK (the value its error gives).
   */
  readonly acceptRollback?: boolean | undefined;
}

const withoutPasswords = (versions: readonly SecretVersion[]) => versions.map(({ password: _secret, ...rest }) => rest);

/**
 * The embedded default store: one file, AES-256-GCM encrypted, mode 0600, replaced atomically on every write.
 * While a run holds the lock the document lives in memory and writes that arrive together share one fsync.
 */
export class FileStore implements SecretStore {
  private locked: StoreDocument | undefined;
  private readonly fence = new LockFence();
  private fencingToken = 0;
  /** The store id and generation of the file under the lock: each write is one generation more. */
  private lineage: Lineage = { store: undefined, generation: 0 };
  /** The file as this run's last write left it, while it holds the lock: its fencing token is this run's own. */
  private lastWritten: string | undefined;
  private failure: unknown;
  private requested = 0;
  private written = 0;
  private flushing: Promise<void> | undefined;
  private readonly checkpoint: Checkpoint;
  private readonly now: () => Date;
  private readonly accept: true | string | undefined;

  private constructor(
    private readonly file: string,
    private readonly key: Uint8Array,
    options: FileStoreOptions,
  ) {
    this.checkpoint = options.checkpoint ?? noCheckpoint;
    this.now = options.now ?? (() => new Date());
    this.accept = options.acceptRollback ? true : (options.env ?? process.env)[ACCEPT_ROLLBACK_ENV];
  }

  /**
   * Loads the key and reads the store (nothing is created yet). A read-only folder is enough to read (`get`,
   * `status`); taking the lock to write checks the folder is writable.
   */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    const key = await loadStoreKey(options.key, options.env);
    const file = path.resolve(options.path);
    const folder = await stat(path.dirname(file)).catch(() => undefined);
    if (!folder?.isDirectory())
      throw new StoreUnavailableError(
        `store ${file}: the directory ${path.dirname(file)} does not exist or is not writable`,
      );
    const store = new FileStore(file, key, options);
    await store.load();
    return store;
  }

  lock(options: { waitMs?: number; leaseMs?: number } = {}): Promise<StoreLock> {
    return this.fence.hold(async () => {
      const folder = path.dirname(this.file);
      await access(folder, constants.W_OK).catch(() => {
        throw new StoreUnavailableError(
          `store ${this.file}: the directory ${folder} is not writable by this user: reading the store works (dbpass get, status), writing it (rotate, adopt) needs the folder writable`,
        );
      });
      const runLock = await acquireRunLock(`${this.file}.lock`, options);
      try {
        await removeStaleTemps(this.file);
        await removeStaleTemps(seenFileOf(this.file));
        const { document, lineage, exists } = await readStoreFile(this.file, this.key, {
          checkRollback: true,
          accept: this.accept,
        });
        // The fencing token: one more than the last holder's. Written at once, so that a run which lost its lock
        // while stalled sees a newer token on disk before its next rename and stops instead of writing its stale copy.
        // That write also moves a file of the format before store ids to the current one.
        this.fencingToken = (document.fencingToken ?? 0) + 1;
        this.locked = { ...document, fencingToken: this.fencingToken };
        this.lineage = lineage;
        this.lastWritten = undefined;
        this.failure = undefined;
        if (exists) await this.persist();
      } catch (error) {
        this.locked = undefined;
        await runLock.release();
        throw error;
      }
      return {
        lost: () => runLock.lost(),
        release: async () => {
          await this.flushing;
          this.locked = undefined;
          this.lastWritten = undefined;
          await runLock.release();
        },
      };
    });
  }

  lockHolder(): Promise<LockInfo | undefined> {
    return runLockInfo(`${this.file}.lock`);
  }

  breakLock(): Promise<LockInfo | undefined> {
    return breakRunLock(`${this.file}.lock`);
  }

  async read(accountId: string, stage: Stage): Promise<SecretVersion | undefined> {
    return findStage(await this.current(), accountId, stage);
  }

  async list(): Promise<ReadonlyMap<string, readonly SecretVersion[]>> {
    const document = await this.current();
    return new Map(Object.entries(document.accounts).map(([id, versions]) => [id, withoutPasswords(versions)]));
  }

  /** The file is dbpass's own: an account is managed or absent, never held by someone else. */
  async inspect(accountId: string): Promise<Holding> {
    const versions = versionsOf(await this.current(), accountId) ?? [];
    return versions.length > 0 ? { state: 'managed' } : { state: 'absent' };
  }

  async adopt(
    accountId: string,
    password: string,
    versionId: string,
    evidence: VerificationEvidence,
    fields: VersionFields = {},
  ): Promise<SecretVersion> {
    const version = adoptCurrent(this.writable(), accountId, password, versionId, evidence, this.now(), fields);
    await this.persist();
    return version;
  }

  async putPending(
    accountId: string,
    password: string,
    versionId: string,
    fields: VersionFields = {},
  ): Promise<SecretVersion> {
    const version = addPending(this.writable(), accountId, password, versionId, this.now(), fields);
    await this.persist();
    return version;
  }

  async note(accountId: string, versionId: string, note: VersionNote): Promise<void> {
    notePending(this.writable(), accountId, versionId, note);
    await this.persist();
  }

  async promote(accountId: string, versionId: string, evidence: VerificationEvidence): Promise<void> {
    promotePending(this.writable(), accountId, versionId, evidence, this.now());
    await this.persist();
  }

  private async load(): Promise<StoreDocument> {
    return (await readStoreFile(this.file, this.key, { checkRollback: true, accept: this.accept })).document;
  }

  private async current(): Promise<StoreDocument> {
    return this.locked ?? (await this.load());
  }

  private writable(): StoreDocument {
    if (this.failure)
      throw new StoreUnavailableError(
        `store ${this.file}: an earlier write failed; stopping (${String(this.failure)})`,
      );
    if (!this.locked) throw new Error('store: take the lock before writing');
    this.fence.check(`store ${this.file}`);
    return this.locked;
  }

  /** Resolves once the document as it is now is on disk; writes requested during a write go out together in the next. */
  private async persist(): Promise<void> {
    const target = ++this.requested;
    while (this.written < target) {
      this.flushing ??= this.flush().finally(() => {
        this.flushing = undefined;
      });
      await this.flushing;
    }
  }

  /**
   * A newer fencing token on disk means another run took the store over: this run's copy must not replace it. A file
   * that is, byte for byte, what this run wrote last holds this run's token: only another file is decrypted. (Not
   * the header alone: a run that took the store over may have written the same store id and generation.)
   */
  private async checkFence(): Promise<void> {
    if (
      this.lastWritten !== undefined &&
      (await readFile(this.file, 'utf8').catch(() => undefined)) === this.lastWritten
    )
      return;
    const onDisk = await readStoreFile(this.file, this.key, { checkRollback: false }).then(
      ({ document }) => document,
      () => undefined,
    );
    if ((onDisk?.fencingToken ?? 0) > this.fencingToken)
      throw new LockLostError(
        `store ${this.file}: this run lost the store's lock (fencing token ${onDisk!.fencingToken} on disk is newer than this run's ${this.fencingToken}); it writes nothing more, the run that holds it now carries on`,
      );
  }

  private async flush(): Promise<void> {
    const requested = this.requested;
    const header: StoreHeader = {
      store: this.lineage.store ?? newStoreId(),
      generation: this.lineage.generation + 1,
    };
    try {
      await this.checkFence();
      const contents = encrypt(JSON.stringify(this.locked), this.key, header);
      await writeFileAtomic(this.file, contents, this.checkpoint);
      this.lastWritten = contents;
    } catch (error) {
      this.failure = error;
      throw error;
    }
    this.lineage = header;
    this.written = requested;
    // Best effort: a mark left behind only weakens the rollback check, while the store itself is already written.
    await writeSeen(this.file, header).catch(() => undefined);
  }
}
