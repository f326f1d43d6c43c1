import type { Checkpoint } from '@dbpass/rotate';

/**
 * `DBPASS_CRASH_AT=<checkpoint>:<n>` kills the process with SIGKILL the n-th time it passes that checkpoint: the
 * crash tests' way to stop a run at a chosen point. Unset, it does nothing.
 */
export function crashHook(setting: string | undefined): Checkpoint | undefined {
  if (!setting) return undefined;
  const split = setting.lastIndexOf(':');
  const name = split > 0 && /^[0-9]+$/.test(setting.slice(split + 1)) ? setting.slice(0, split) : setting;
  let left = name === setting ? 1 : Number(setting.slice(split + 1));
  return (passed) => {
    if (passed === name && --left === 0) process.kill(process.pid, 'SIGKILL');
  };
}
