import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@dbpass/emulator';
import type { ApplicationView } from '../store-contract.js';
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

/** What a `bao` CLI run printed and how it ended. */
interface BaoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `bao` CLI against `server` as an application or an operator would, `input` on its stdin. */
export async function runBao(server: BaoServer, args: readonly string[], input = ''): Promise<BaoRun> {
  const child = spawn(server.program, args, {
    env: { PATH: process.env.PATH ?? '', HOME: server.home, VAULT_ADDR: server.address, VAULT_TOKEN: server.token },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A command that exits before reading its stdin must not fail the suite with EPIPE.
  child.stdin.on('error', () => {});
  child.stdin.end(input);
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

async function expectBao(server: BaoServer, args: readonly string[], input?: string): Promise<string> {
  const run = await runBao(server, args, input);
  if (run.code !== 0) throw new Error(`bao ${args.slice(0, 2).join(' ')} exited ${run.code}: ${run.stderr.trim()}`);
  return run.stdout;
}

/** Canonical text of an object: its keys sorted, so that two reads compare as text. */
const canonical = (data: Record<string, unknown>) =>
  JSON.stringify(
    Object.fromEntries(
      Object.keys(data)
        .sort()
        .map((name) => [name, data[name]]),
    ),
  );

/**
 * Applications' view of KV secrets at `<folder>/<account id>` through the `bao` CLI: a secret with `username`, the
 * password under `field`, `host`, `port` and a note (all strings, as `bao kv put` writes them). dbpass owns `field`,
 * `<field>.pending`, `<field>.previous` and `dbpass` (the store's documented layout); every other field is unrelated.
 */
export function baoApplication(server: BaoServer, options: { folder: string; field: string }): ApplicationView {
  const at = (accountId: string) => `${options.folder}/${accountId}`;
  const owned = new Set([options.field, `${options.field}.pending`, `${options.field}.previous`, 'dbpass']);
  return {
    async seed(accountId, password) {
      const user = accountId.split('/').pop()!.split('@')[0]!;
      const data = {
        username: user,
        [options.field]: password,
        host: 'db.internal.example',
        port: '3306',
        note: ` kept as is: "quoted", ünïcode, trailing space `,
      };
      // `-` reads the data as JSON from stdin, so no value is taken for a file name (@...) or shows in ps.
      await expectBao(server, ['kv', 'put', at(accountId), '-'], JSON.stringify(data));
    },
    async read(accountId) {
      const run = await runBao(server, ['kv', 'get', `-field=${options.field}`, at(accountId)]);
      // Printed as stored: `-field` adds no newline when its output is not a terminal.
      if (run.code === 0) return run.stdout;
      if (/No value found|not present/i.test(run.stderr)) return undefined;
      throw new Error(`bao kv get exited ${run.code}: ${run.stderr.trim()}`);
    },
    async unrelated(accountId) {
      const run = await runBao(server, ['kv', 'get', '-format=json', at(accountId)]);
      if (run.code !== 0 && /No value found/i.test(run.stderr)) return '(no secret)';
      if (run.code !== 0) throw new Error(`bao kv get exited ${run.code}: ${run.stderr.trim()}`);
      const data = (JSON.parse(run.stdout) as { data: { data: Record<string, unknown> | null } }).data.data ?? {};
      return canonical(Object.fromEntries(Object.entries(data).filter(([name]) => !owned.has(name))));
    },
  };
}
