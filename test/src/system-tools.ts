import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

/** The path of a system program, or a clear error saying how to install it (.ci/run and the setup do). */
export function requireProgram(name: string, debianPackage: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin']) {
    try {
      execFileSync('test', ['-x', `${dir}/${name}`]);
      return `${dir}/${name}`;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is not installed: run \`apt-get install -y ${debianPackage}\` (npm run setup does this when run as root).`);
}

/** A free TCP port on 127.0.0.1 (for servers that cannot listen on port 0 themselves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
