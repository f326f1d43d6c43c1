import { execFileSync } from 'node:child_process';

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
  throw new Error(
    `${name} is not installed: run \`apt-get install -y ${debianPackage}\` (npm run setup does this when run as root).`,
  );
}

export { freePort } from '@dbpass/emulator';
