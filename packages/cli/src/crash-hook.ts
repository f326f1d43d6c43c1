import type { Checkpoint } from '@dbpass/rotate';

/**
 * `DBPASS_CRASH_AT=<checkpoint>:<n>` kills the process with SIGKILL the n-th time it passes that checkpoint: the
 * crash tests' way to stop a run at a chosen point. Unset, it does nothing.
 */
export function crashHook(setting: string | undefined): Checkpoint | undefined {
  if (!setting) return undefined;
  const [name, count = '1'] = setting.split(':');
  let left = Number(count);
  return (passed) => {
    if (passed === name && --left === 0) process.kill(process.pid, 'SIGKILL');
  };
}
