import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { keepLease } from '../../secret-store/lease.js';
import {
  describeHolder,
  type Holder,
  LEASE_MS,
  newHolder,
  parseHolder,
  renewedHolder,
  staleReason,
} from '../../secret-store/lock-holder.js';
import { type LockInfo, type StoreLock, StoreLockedError } from '../../secret-store/secret-store.js';

export interface RunLockOptions {
  readonly waitMs?: number;
  readonly leaseMs?: number;
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    return parseHolder(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** An empty lock file (left by versions that wrote the holder into the lock itself) is stale after this long. */
const UNWRITTEN_STALE_MS = 5_000;

/** Why the lock in `file` no longer holds, or undefined while its holder may still run. */
async function staleLock(file: string, holder: Holder | undefined): Promise<string | undefined> {
  if (holder) return staleReason(holder);
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > UNWRITTEN_STALE_MS ? 'it is empty' : undefined;
}

/**
 * Takes a stale lock out of the way by renaming it to a unique name, then checks it moved the lock it judged stale;
 * if a live run had replaced it in between, that lock is linked back. A lock this user may not move (another user's,
 * in a sticky folder) is a refusal: waiting cannot help.
 */
async function removeStale(file: string, stale: Holder | undefined): Promise<void> {
  const aside = `${file}.stale-${randomUUID()}`;
  try {
    await rename(file, aside);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EPERM' || code === 'EACCES')
      throw new StoreLockedError(
        `${stale ? describeHolder(stale) : 'an unreadable holder'}, which no longer holds it, but ${file} cannot be removed by this user (${code}); remove it as its owner`,
      );
    return;
  }
  const moved = await readHolder(aside);
  if (moved?.nonce !== stale?.nonce) await link(aside, file).catch(() => {});
  await rm(aside, { force: true });
}

/** Writes `holder` to a file of its own, durably: linked or renamed into place afterwards, never seen half written. */
async function writeHolderFile(path: string, holder: Holder): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(holder));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * An O_EXCL lock file beside the store holding its holder (pid, host, boot id, PID namespace, process start time)
 * and a lease the run renews while it lives. A holder of this host and PID namespace that no longer runs is taken
 * over at once (a run killed with SIGKILL does not make the next one wait); any other (another host, another PID
 * namespace, where a pid means nothing here) once its lease has passed.
 */
export async function acquireRunLock(file: string, options: RunLockOptions = {}): Promise<StoreLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const leaseMs = options.leaseMs ?? LEASE_MS;
  for (;;) {
    const me = newHolder(leaseMs);
    // Linked into place (link fails if the lock exists): the lock is never seen empty, so a run killed while taking
    // it leaves nothing a resume must wait out.
    const written = `${file}.${me.nonce}.tmp`;
    try {
      await writeHolderFile(written, me);
      await link(written, file);
      return heldLock(file, me, leaseMs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(written, { force: true });
    }
    const holder = await readHolder(file);
    if (await staleLock(file, holder)) {
      await removeStale(file, holder);
      continue;
    }
    if (Date.now() >= deadline)
      throw new StoreLockedError(holder ? describeHolder(holder) : 'a run that is still starting');
    await sleep(100);
  }
}

function heldLock(file: string, me: Holder, leaseMs: number): StoreLock {
  const lease = keepLease(async () => {
    if ((await readHolder(file))?.nonce !== me.nonce) return false;
    const renewing = `${file}.${me.nonce}.renew`;
    await rm(renewing, { force: true });
    await writeHolderFile(renewing, renewedHolder(me, leaseMs));
    await rename(renewing, file);
    return true;
  }, leaseMs);
  return {
    lost: lease.lost,
    release: async () => {
      lease.stop();
      if ((await readHolder(file))?.nonce === me.nonce) await rm(file, { force: true });
    },
  };
}

/** Who holds the lock in `file`, for `dbpass unlock`. */
export async function runLockInfo(file: string): Promise<LockInfo | undefined> {
  const holder = await readHolder(file);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const stale = await staleLock(file, holder);
  return {
    holder: holder ? describeHolder(holder) : 'an unreadable holder',
    ...(stale ? { stale } : {}),
  };
}

/** Removes the lock in `file` whoever holds it (`dbpass unlock --force`). */
export async function breakRunLock(file: string): Promise<LockInfo | undefined> {
  const info = await runLockInfo(file);
  if (info) await rm(file, { force: true });
  return info;
}
