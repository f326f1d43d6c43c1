import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server a test started as a child process, stopped by its PID. */
export interface ServerProcess {
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

const lastLines = (text: string) => text.trim().split('\n').slice(-8).join(' | ');

/** Starts `program` and polls `ready` until it answers true; throws with the server's last lines if it never does. */
export async function startServer(
  name: string,
  program: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; ready: () => Promise<boolean>; timeoutMs?: number },
): Promise<ServerProcess> {
  const child = spawn(program, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-6_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit').then(() => undefined);
  child.on('error', (error) => (tail += `\n${error.message}`));
  const server: ServerProcess = {
    pid: child.pid ?? -1,
    output: () => tail,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited while starting: ${lastLines(tail)}`);
    if (await options.ready().catch(() => false)) return server;
    await sleep(50);
  }
  await server.stop();
  throw new Error(`${name} was not ready after ${options.timeoutMs ?? 30_000} ms: ${lastLines(tail)}`);
}
