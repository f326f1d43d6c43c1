import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/dbpass.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program with `input` on its stdin (or none), and resolves with how it ended and what it printed; it is
 * killed with SIGKILL after `killAfterMs` if given.
 */
export function runProgram(
  program: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; killAfterMs?: number; input?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: options.env ?? { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A program that exits before reading its stdin (it had no use for it) must not fail the suite with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer =
      options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface CliRunOptions {
  readonly killAfterMs?: number;
  readonly input?: string;
  /**
   * Runs it in a PID namespace of its own (`unshare --pid --fork`), as in another container on the same host: its
   * pid means nothing to runs outside. `sh` is the namespace's init, so that the crash hook's SIGKILL of itself
   * works (init ignores signals from inside), and `--kill-child` takes the namespace down with a killed `unshare`.
   */
  readonly pidNamespace?: boolean;
}

/** Runs the built `dbpass` as a child process (the way a user or a CronJob does). */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: CliRunOptions = {},
): Promise<CliRun> {
  const { pidNamespace, ...runOptions } = options;
  const spawnOptions = { ...runOptions, env: { PATH: process.env.PATH ?? '', ...env } };
  if (!pidNamespace) return runProgram(process.execPath, [CLI, ...args], spawnOptions);
  const run = await runProgram(
    'unshare',
    ['--pid', '--fork', '--kill-child', 'sh', '-c', '"$@"', 'sh', process.execPath, CLI, ...args],
    spawnOptions,
  );
  // sh reports its child's SIGKILL as 128 + 9.
  return run.code === 137 ? { ...run, code: null, signal: 'SIGKILL' } : run;
}
