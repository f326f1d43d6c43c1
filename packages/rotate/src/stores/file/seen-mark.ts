import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StoreUnavailableError } from '../../secret-store/store-errors.js';
import type { StoreHeader } from './encryption.js';

/**
 * `<store>.seen`: the store id and the highest generation written here, kept beside the store (not secret), so that
 * an older copy of the store put back in its place (a restored backup, another store's file under the same key) is
 * noticed before its stale CURRENT is served or written over the newer passwords.
 */
export const seenFileOf = (storeFile: string): string => `${storeFile}.seen`;

/** The environment variable that accepts one file the rollback check refused, named by its `acceptToken`. */
export const ACCEPT_ROLLBACK_ENV = 'DBPASS_ACCEPT_ROLLBACK';

/** The store file is not the newest this folder has held; nothing was read from it or written. */
export class StoreRollbackError extends StoreUnavailableError {
  override name = 'StoreRollbackError';
}

export async function readSeen(storeFile: string): Promise<StoreHeader | undefined> {
  const text = await readFile(seenFileOf(storeFile), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const mark = JSON.parse(text) as Partial<StoreHeader>;
    return typeof mark.store === 'string' && Number.isSafeInteger(mark.generation)
      ? { store: mark.store, generation: mark.generation! }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Written after the store file is on disk (fsynced, renamed, folder fsynced): a crash between the two leaves the mark
 * behind, never ahead. Replaced by a rename (a reader sees the old mark or the new one), without fsync: a mark lost
 * to a power cut is an older generation or none, which only weakens the rollback check until the next write, never
 * refuses the newest store; the check is against a copy put back by hand, and every write of a run pays for it.
 */
export async function writeSeen(storeFile: string, header: StoreHeader): Promise<void> {
  const mark = seenFileOf(storeFile);
  // Named as writeFileAtomic names its temp files, so that removeStaleTemps clears one a killed run left.
  const temp = path.join(
    path.dirname(mark),
    `${path.basename(mark)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await writeFile(temp, `${JSON.stringify({ store: header.store, generation: header.generation })}\n`, {
    flag: 'wx',
    mode: 0o600,
  });
  await rename(temp, mark).catch(async (error: unknown) => {
    await rm(temp, { force: true });
    throw error;
  });
}

/** Names exactly one file state, so that accepting one rollback never accepts the next. */
export const acceptToken = (header: StoreHeader | undefined, exists: boolean): string =>
  exists ? `${header?.store ?? 'v1'}:${header?.generation ?? 0}` : 'missing';

/** Why the file found (header, or none for the old format; `exists` false when there is no file) is not the newest. */
export function rollbackProblem(
  storeFile: string,
  found: StoreHeader | undefined,
  exists: boolean,
  seen: StoreHeader,
): string | undefined {
  const was = `${seenFileOf(storeFile)} records store ${seen.store} at generation ${seen.generation}`;
  if (!exists) return `the store file is missing, but ${was}: was it moved or deleted?`;
  if (found?.store !== seen.store)
    return `this file is not the store this folder last held (${found ? `store ${found.store}` : 'a file in the format before store ids'}; ${was}): another store's file, or an old copy, was put in its place`;
  if (found.generation < seen.generation)
    return `this is an older copy of the store (generation ${found.generation}; ${was}): a restored backup or a copied file? Passwords changed since may be missing from it`;
  return undefined;
}

export function rollbackError(storeFile: string, problem: string, token: string): StoreRollbackError {
  return new StoreRollbackError(
    `store ${storeFile}: ${problem}. Nothing was read from it or written. Put the newest copy of the store back; or, to carry on from this file as it is (what changed since is lost), run once with ${ACCEPT_ROLLBACK_ENV}=${token}`,
  );
}
