import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@dbpass/emulator';
import { startServer } from './server-process.js';
import { serverProgram } from './servers-dir.js';

export interface BaoServer {
  readonly address: string;
  readonly token: string;
  /** Runs the `bao` CLI against this server, as an application would. */
  readonly program: string;
  readonly home: string;
  stop(): Promise<void>;
}

/** `bao server -dev` on a free loopback port, with its own root token and HOME. */
export async function startBao(): Promise<BaoServer> {
  const program = serverProgram('bao');
  const port = await freePort();
  const home = await mkdtemp(path.join(tmpdir(), 'dbpass-bao-'));
  const token = `root-${randomBytes(12).toString('hex')}`;
  const address = `http://127.0.0.1:${port}`;
  const server = await startServer(
    'bao',
    program,
    ['server', '-dev', `-dev-listen-address=127.0.0.1:${port}`, `-dev-root-token-id=${token}`, '-dev-no-store-token'],
    {
      env: { PATH: process.env.PATH ?? '', HOME: home },
      ready: async () => (await fetch(`${address}/v1/sys/health`)).status === 200,
    },
  );
  return {
    address,
    token,
    program,
    home,
    stop: async () => {
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
