import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningEmulator {
  readonly url: string;
  readonly banner: () => string;
  stop(): Promise<void>;
}

/**
 * Runs a README's `dbpass-emulator ...` line in a shell (as the user's second terminal would), and waits for its
 * banner's first line, which says where it listens.
 */
export async function startEmulatorCommand(
  line: string,
  options: { env: Record<string, string>; cwd: string },
): Promise<RunningEmulator> {
  const child = spawn('sh', ['-c', `exec ${line}`], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`\`${line}\` printed no banner within 30 s:\n${output}`));
    }, 30_000);
    child.stdout.on('data', () => {
      const listening = /^dbpass emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (!listening) return;
      clearTimeout(deadline);
      resolve(listening[1]!);
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`\`${line}\` exited ${code}:\n${output}`));
    });
  });
  return { url, banner: () => output, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}
