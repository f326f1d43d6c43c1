#!/usr/bin/env node
// The polyglot clients' tests, in order: pytest (the generated Python clients and the official Huawei SDK),
// go test (the generated Go clients), schemathesis (both specs). Each starts its own emulator on 127.0.0.1
// (packages/emulator must be built: turbo's `^build`). Needs scripts/setup.mjs (turbo's `setup`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { clientsDir, venvBin } from './setup.mjs';

const steps = [
  ['pytest', venvBin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'python/tests'], clientsDir],
  ['go test', 'go', ['test', '-count=1', './...'], path.join(clientsDir, 'go')],
  ['schemathesis', venvBin('python'), ['python/run_schemathesis.py'], clientsDir],
];
const failed = [];
for (const [name, command, args, cwd] of steps) {
  const started = Date.now();
  console.log(`\n> ${name}`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', DBPASS_NODE: process.execPath },
  });
  console.log(`${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`clients test: ${failed.join(', ')} failed`);
  process.exit(1);
}
