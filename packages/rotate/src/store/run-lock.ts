import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type StoreLock, StoreLockedError } from './secret-store.js';

export interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
  readonly since: string;
}

export const describeHolder = (holder: Holder) => `pid ${holder.pid} on ${holder.host} since ${holder.since}`;

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const newHolder = (): Holder => ({
  pid: process.pid,
  host: hostname(),
  nonce: randomUUID(),
  since: new Date().toISOString(),
});

/** A holder is stale when it is a process of this host that no longer runs (another host's is never taken over). */
export const isStaleHolder = (holder: Holder): boolean => holder.host === hostname() && !isAlive(holder.pid);

/** An empty lock file (left by versions that wrote the holder into the lock itself) is stale after this long. */
const UNWRITTEN_STALE_MS = 5_000;

/** A lock left by a process that no longer runs on this host. A lock from another host is never taken over. */
async function isStale(file: string, holder: Holder | undefined): Promise<boolean> {
  if (holder) return isStaleHolder(holder);
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > UNWRITTEN_STALE_MS;
}

/**
 * Takes a stale lock out of the way by renaming it to a unique name, then checks it moved the lock it judged stale;
 * if a live run had replaced it in between, that lock is linked back.
 */
async function removeStale(file: string, stale: Holder | undefined): Promise<void> {
  const aside = `${file}.stale-${randomUUID()}`;
  try {
    await rename(file, aside);
  } catch {
    return;
  }
  const moved = await readHolder(aside);
  if (moved?.nonce !== stale?.nonce) await link(aside, file).catch(() => {});
  await rm(aside, { force: true });
}

/**
 * An O_EXCL lock file beside the store holding the owner's pid and host. Stale detection asks the OS whether the pid
 * still runs, so a run killed with SIGKILL is taken over at once (an mtime-based lock such as proper-lockfile makes
 * every resume wait its stale period, at least 5 s).
 */
export async function acquireRunLock(file: string, options: { waitMs?: number } = {}): Promise<StoreLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const me = newHolder();
  for (;;) {
    // The holder is written to a file of its own, then linked into place (link fails if the lock exists): the
    // lock is never seen empty, so a run killed while taking it leaves nothing a resume must wait out.
    const written = `${file}.${me.nonce}.tmp`;
    try {
      const handle = await open(written, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(me));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await link(written, file);
      return {
        release: async () => {
          if ((await readHolder(file))?.nonce === me.nonce) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(written, { force: true });
    }
    const holder = await readHolder(file);
    if (await isStale(file, holder)) {
      await removeStale(file, holder);
      continue;
    }
    if (Date.now() >= deadline)
      throw new StoreLockedError(holder ? describeHolder(holder) : 'a run that is still starting');
    await sleep(100);
  }
}
