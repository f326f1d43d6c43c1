export { type CliIo, processIo } from './cli-io.js';
export { EXIT_CODES, exitCodeFor } from './exit-codes.js';
export { buildProgram, runCli } from './program.js';
