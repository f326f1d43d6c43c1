import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` so that a reader (node exporter's textfile collector) sees the old file or the new one, never
 * a part: a temp file in the same folder (its name not ending in `.prom`, so the collector never reads it), fsync,
 * rename, fsync of the folder. Readable by all (0644): the collector runs as another user, and metrics hold no secret.
 */
export async function writeTextfileAtomic(file: string, contents: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  const temp = path.join(folder, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const directory = await open(folder, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
