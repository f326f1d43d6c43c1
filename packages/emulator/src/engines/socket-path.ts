import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';

/** The longest unix socket path that fits `sun_path` everywhere: 104 bytes on macOS, 108 on Linux, each with a NUL. */
export const MAX_SOCKET_PATH_BYTES = 103;

export interface SocketPath {
  readonly path: string;
  /** Removes the short folder made for the socket, if one was. */
  release(): Promise<void>;
}

/**
 * Where a server's unix socket goes: `<dir>/<name>` when that fits `sun_path`; otherwise (a long TMPDIR, as on
 * macOS runners) in a folder of this process's own under `shortRoot` (mkdtemp: mode 0700, a name nobody else
 * could have taken first), which `release` removes.
 */
export async function socketPath(dir: string, name: string, shortRoot = '/tmp'): Promise<SocketPath> {
  const inDir = path.join(dir, name);
  if (Buffer.byteLength(inDir) <= MAX_SOCKET_PATH_BYTES) return { path: inDir, release: async () => undefined };
  const own = await mkdtemp(path.join(shortRoot, 'dbpass-sock-'));
  return { path: path.join(own, name), release: () => rm(own, { recursive: true, force: true }) };
}
