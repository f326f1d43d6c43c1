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
import { EXIT_CODES } from './exit-codes.js';

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
  ].some((kind) => error instanceof kind);
  if (!known) throw error;
  const { name, message } = error as Error;
  if (json)
    io.stdout(
      `${JSON.stringify({ type: 'error', name, message, ...(error instanceof PlanError ? { issues: error.issues } : {}) })}\n`,
    );
  io.stderr(`dbpass: ${message}\n`);
  return error instanceof StoreLockedError ? EXIT_CODES.locked : EXIT_CODES.usage;
}
