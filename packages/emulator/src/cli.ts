#!/usr/bin/env node
// dbpass-emulator: runs the emulator on 127.0.0.1 until interrupted; --help lists the options.
import path from 'node:path';
import { banner } from './cli/banner.js';
import { type CliConfig, parseCliArgs } from './cli/options.js';
import { openRequestLog, type RequestLog } from './cli/request-log.js';
import { HELP, USAGE } from './cli/usage.js';
import { UsageError } from './cli/usage-error.js';
import { type Emulator, type EmulatorOptions, startEmulator } from './server.js';

let config: CliConfig;
try {
  config = parseCliArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`dbpass-emulator: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (config.help) {
  console.log(HELP);
  process.exit(0);
}

const logPath = config.requestLog === undefined ? undefined : path.resolve(config.requestLog);
let log: RequestLog | undefined;
try {
  log = logPath === undefined ? undefined : openRequestLog(logPath);
} catch (error) {
  fail(`cannot open --request-log ${logPath}: ${(error as Error).message}`);
}

const options: EmulatorOptions = {
  ...config.emulator,
  ...(log ? { onRequest: log.write } : {}),
};
let emulator: Emulator;
try {
  emulator = await startEmulator(options);
} catch (error) {
  log?.close();
  const code = (error as NodeJS.ErrnoException).code;
  fail(
    code === 'EADDRINUSE'
      ? `port ${config.emulator.port} on 127.0.0.1 is in use: choose another with --port, or --port 0 for any free one`
      : (error as Error).message,
  );
}
process.stdout.write(banner(emulator, config, logPath));

let stopping = false;
const stop = () => {
  // A second Ctrl-C while engines stop leaves at once.
  if (stopping) process.exit(1);
  stopping = true;
  emulator.stop().then(
    () => {
      log?.close();
      process.exit(0);
    },
    (error: unknown) => fail(`could not stop cleanly: ${(error as Error).message}`),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

function fail(message: string): never {
  console.error(`dbpass-emulator: ${message}`);
  process.exit(1);
}
