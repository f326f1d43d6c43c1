import { access, constants, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Checkpoint, noCheckpoint } from '../checkpoint.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { decrypt, encrypt } from './encryption.js';
import { LockFence } from './lock-fence.js';
import { acquireRunLock, breakRunLock, runLockInfo } from './run-lock.js';
import {
  type Holding,
  type LockInfo,
  LockLostError,
  type SecretStore,
  type SecretVersion,
  type Stage,
  type StoreLock,
  type VerificationEvidence,
  type VersionNote,
} from './secret-store.js';
import {
  addPending,
  adoptCurrent,
  emptyDocument,
  findStage,
  notePending,
  promotePending,
  type StoreDocument,
} from './store-document.js';
import { StoreUnavailableError } from './store-errors.js';
import { loadStoreKey, type StoreKeySource } from './store-key.js';

export { StoreUnavailableError };

export interface FileStoreOptions {
  /** The store file; its directory must exist. The lock is `<path>.lock`. */
  readonly path: string;
  readonly key: StoreKeySource;
  readonly checkpoint?: Checkpoint;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
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
  private failure: unknown;
  private generation = 0;
  private written = 0;
  private flushing: Promise<void> | undefined;
  private readonly checkpoint: Checkpoint;
  private readonly now: () => Date;

  private constructor(
    private readonly file: string,
    private readonly key: Buffer,
    options: FileStoreOptions,
  ) {
    this.checkpoint = options.checkpoint ?? noCheckpoint;
    this.now = options.now ?? (() => new Date());
  }

  /** Loads the key and checks the store can be read and written (nothing is created yet). */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    const key = await loadStoreKey(options.key, options.env);
    const file = path.resolve(options.path);
    await access(path.dirname(file), constants.W_OK).catch(() => {
      throw new StoreUnavailableError(
        `store ${file}: the directory ${path.dirname(file)} does not exist or is not writable`,
      );
    });
    const store = new FileStore(file, key, options);
    await store.load();
    return store;
  }

  lock(options: { waitMs?: number; leaseMs?: number } = {}): Promise<StoreLock> {
    return this.fence.hold(async () => {
      const runLock = await acquireRunLock(`${this.file}.lock`, options);
      try {
        await removeStaleTemps(this.file);
        const document = await this.load();
        // The fencing token: one more than the last holder's. Written at once, so that a run which lost its lock
        // while stalled sees a newer token on disk before its next rename and stops instead of writing its stale copy.
        this.fencingToken = (document.fencingToken ?? 0) + 1;
        this.locked = { ...document, fencingToken: this.fencingToken };
        this.failure = undefined;
        if (await this.exists()) await this.persist();
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

  private exists(): Promise<boolean> {
    return access(this.file).then(
      () => true,
      () => false,
    );
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
    const versions = (await this.current()).accounts[accountId] ?? [];
    return versions.length > 0 ? { state: 'managed' } : { state: 'absent' };
  }

  async adopt(
    accountId: string,
    password: string,
    versionId: string,
    evidence: VerificationEvidence,
  ): Promise<SecretVersion> {
    const version = adoptCurrent(this.writable(), accountId, password, versionId, evidence, this.now());
    await this.persist();
    return version;
  }

  async putPending(accountId: string, password: string, versionId: string): Promise<SecretVersion> {
    const version = addPending(this.writable(), accountId, password, versionId, this.now());
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
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyDocument();
      throw new StoreUnavailableError(`store ${this.file}: cannot read (${(error as NodeJS.ErrnoException).code})`);
    }
    return JSON.parse(decrypt(text, this.key, `store ${this.file}`)) as StoreDocument;
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
    const target = ++this.generation;
    while (this.written < target) {
      this.flushing ??= this.flush().finally(() => {
        this.flushing = undefined;
      });
      await this.flushing;
    }
  }

  /** A newer fencing token on disk means another run took the store over: this run's copy must not replace it. */
  private async checkFence(): Promise<void> {
    const onDisk = await this.load().catch(() => undefined);
    if ((onDisk?.fencingToken ?? 0) > this.fencingToken)
      throw new LockLostError(
        `store ${this.file}: this run lost the store's lock (fencing token ${onDisk!.fencingToken} on disk is newer than this run's ${this.fencingToken}); it writes nothing more, the run that holds it now carries on`,
      );
  }

  private async flush(): Promise<void> {
    const generation = this.generation;
    try {
      await this.checkFence();
      await writeFileAtomic(this.file, encrypt(JSON.stringify(this.locked), this.key), this.checkpoint);
    } catch (error) {
      this.failure = error;
      throw error;
    }
    this.written = generation;
  }
}
