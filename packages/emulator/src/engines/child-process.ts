import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free TCP port on 127.0.0.1 (the engine binds it a moment later). */
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

/** The last lines an engine wrote, kept for an error message if it fails to start. */
export interface EngineProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  /** Resolves when the process has exited (immediately if it already has). */
  exited(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startProcess(
  program: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): EngineProcess {
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const done =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : once(child, 'exit').then(() => undefined);
  if (child.pid === undefined) throw new Error(`could not start ${program}`);
  return {
    child,
    pid: child.pid,
    output: () => tail,
    exited: () => done,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Runs a program to completion; throws with its output if it fails. */
export async function runToCompletion(
  program: string,
  args: readonly string[],
  options: { cwd: string },
): Promise<void> {
  const process_ = startProcess(program, args, options);
  await process_.exited();
  const code = process_.child.exitCode;
  if (code !== 0)
    throw new Error(
      `${program} failed (exit ${code ?? process_.child.signalCode}): ${process_.output().trim().split('\n').slice(-5).join(' | ')}`,
    );
}

/** Polls `ready` until it resolves true, the process exits, or `timeoutMs` passes. */
export async function waitUntilReady(
  name: string,
  engine: EngineProcess,
  ready: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void engine.exited().then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(`${name} exited while starting: ${engine.output().trim().split('\n').slice(-5).join(' | ')}`);
    if (await ready().catch(() => false)) return;
    await sleep(50);
  }
  await engine.stop();
  throw new Error(
    `${name} was not ready after ${timeoutMs} ms: ${engine.output().trim().split('\n').slice(-5).join(' | ')}`,
  );
}
