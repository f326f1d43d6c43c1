#!/usr/bin/env node
// dbpass-emulator [--port 8080] [--job-duration-ms 1500]: runs the emulator until interrupted.
import { parseArgs } from 'node:util';
import { seed } from './seed.js';
import { startEmulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'job-duration-ms': { type: 'string' },
    'job-visible-after-ms': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: dbpass-emulator [--port 8080] [--job-duration-ms 1500] [--job-visible-after-ms 300]');
  process.exit(0);
}
const emulator = await startEmulator({
  port: Number(values.port),
  ...(values['job-duration-ms'] ? { jobDurationMs: Number(values['job-duration-ms']) } : {}),
  ...(values['job-visible-after-ms'] ? { jobVisibleAfterMs: Number(values['job-visible-after-ms']) } : {}),
});
console.log(`dbpass emulator listening on ${emulator.url}`);
console.log(`Huawei: project ${seed.huawei.projectId}, AK ${seed.huawei.ak} (SK and IAM password in packages/emulator/src/seed.ts)`);
console.log(`OceanBase: project ${seed.oceanbase.projectId}, AccessKey ID ${seed.oceanbase.accessKeyId}`);
const stop = () => void emulator.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
