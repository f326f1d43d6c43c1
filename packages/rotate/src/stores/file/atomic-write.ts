import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint } from '../../checkpoint.js';

const tempPrefix = (file: string) => `${path.basename(file)}.tmp-`;

/** Replaces `file` with `contents` so that a crash leaves the old or the new file, never a mix: temp, fsync, rename, fsync dir. */
export async function writeFileAtomic(file: string, contents: string, checkpoint: Checkpoint): Promise<void> {
  const temp = path.join(path.dirname(file), `${tempPrefix(file)}${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  checkpoint('store:temp-written');
  await rename(temp, file);
  checkpoint('store:renamed');
  const directory = await open(path.dirname(file), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Removes temp files a killed writer left behind (only call while holding the store's lock). */
export async function removeStaleTemps(file: string): Promise<void> {
  const prefix = tempPrefix(file);
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix))
      .map((name) => rm(path.join(path.dirname(file), name), { force: true })),
  );
}
