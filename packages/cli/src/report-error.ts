import {
  PlanError,
  RotationSetupError,
  SelectionError,
  StoreConflictError,
  StoreDecryptError,
  StoreKeyError,
  StoreLockedError,
  StoreUnavailableError,
  UnsafePathError,
} from '@dbpass/rotate';
import type { CliIo } from './cli-io.js';
import { errorLine } from './error-line.js';
import { EXIT_CODES } from './exit-codes.js';
import { UsageError } from './usage-error.js';

/** Prints an error that ends a command and returns its exit code; an unexpected one is rethrown. */
export function reportError(error: unknown, io: CliIo, json: boolean): number {
  const known = [
    PlanError,
    RotationSetupError,
    SelectionError,
    StoreKeyError,
    StoreUnavailableError,
    StoreConflictError,
    StoreDecryptError,
    StoreLockedError,
    UnsafePathError,
    UsageError,
  ].some((kind) => error instanceof kind);
  if (!known) throw error;
  const { name, message } = error as Error;
  if (json) io.stdout(errorLine({ name, message, ...(error instanceof PlanError ? { issues: error.issues } : {}) }));
  io.stderr(`dbpass: ${message}\n`);
  return error instanceof StoreLockedError ? EXIT_CODES.locked : EXIT_CODES.usage;
}
