import { lstat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * This user's cache folder under the system temp folder (`dbpass-cache-<uid>`, mode 0700), or undefined when it
 * cannot be trusted: the temp folder is shared, so another local user may have made that name first (to plant a
 * MariaDB data folder with accounts of their own), or made it a symlink. What is cached in it was made by this user.
 */
export async function privateCacheDir(parent: string = tmpdir()): Promise<string | undefined> {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const dir = path.join(parent, `dbpass-cache-${uid}`);
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const info = await lstat(dir);
  const trusted = info.isDirectory() && info.uid === uid && (info.mode & 0o077) === 0;
  return trusted ? dir : undefined;
}
