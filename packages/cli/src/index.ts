export { runCli, buildProgram } from './program.js';
export { EXIT_CODES, exitCodeFor } from './exit-codes.js';
export { processIo, type CliIo } from './cli-io.js';
