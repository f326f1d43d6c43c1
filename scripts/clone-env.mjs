// The environment for running the workspace's tools in a fresh clone of it (the pipeline test, the build
// bench): the checkout's own binaries first on PATH, turbo's telemetry off, CI output.
import path from 'node:path';

/** @param {string} root the checkout whose node_modules/.bin the clone borrows */
export function cloneEnv(root) {
  return {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    CI: '1',
    PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}`,
  };
}
