#!/usr/bin/env node
// dbpass-emulator [--port 8080] [--engines memory|real] [--job-duration-ms 1500]: runs the emulator until interrupted.
import { parseArgs } from 'node:util';
import { seed } from './seed.js';
import { startEmulator } from './server.js';

const USAGE =
  'Usage: dbpass-emulator [--port 8080] [--engines memory|real] [--job-duration-ms 1500] [--job-visible-after-ms 300]';
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    engines: { type: 'string', default: 'memory' },
    'job-duration-ms': { type: 'string' },
    'job-visible-after-ms': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.engines !== 'memory' && values.engines !== 'real') {
  console.error(`dbpass-emulator: --engines must be memory or real, not ${values.engines}\n${USAGE}`);
  process.exit(2);
}
const emulator = await startEmulator({
  port: Number(values.port),
  engines: values.engines,
  ...(values['job-duration-ms'] ? { jobDurationMs: Number(values['job-duration-ms']) } : {}),
  ...(values['job-visible-after-ms'] ? { jobVisibleAfterMs: Number(values['job-visible-after-ms']) } : {}),
}).catch((error: unknown) => {
  console.error(`dbpass-emulator: ${(error as Error).message}`);
  process.exit(1);
});
console.log(`dbpass emulator listening on ${emulator.url}`);
console.log(
  `Huawei: project ${seed.huawei.projectId}, AK ${seed.huawei.ak} (SK and IAM password in packages/emulator/src/seed.ts)`,
);
console.log(`OceanBase: project ${seed.oceanbase.projectId}, AccessKey ID ${seed.oceanbase.accessKeyId}`);
console.log(
  `engines: ${emulator.engines.mode}${emulator.engines.mode === 'memory' ? ' (passwords live in the emulator only)' : ''}`,
);
for (const [instance, address] of emulator.engines.addresses)
  console.log(`engine ${instance} ${address.engine} ${address.protocol}://${address.host}:${address.port}`);
const stop = () => void emulator.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
