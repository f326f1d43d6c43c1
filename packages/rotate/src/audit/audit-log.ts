import { appendFileSync } from 'node:fs';
import { auditPathProblem } from '../audit-path.js';
import { RotationSetupError } from '../fleet/rotation-setup-error.js';
import type { AuditRecord } from './audit-record.js';

export interface AuditLog {
  readonly file: string;
  /** Appends one record as a JSON line. Never throws: a failed write is reported once (`onWriteError`). */
  write(record: AuditRecord): void;
}

export interface AuditLogOptions {
  /**
   * Told once, the first time a line cannot be appended (a full disk, a removed folder); nothing more is written to
   * the log after that, and the run goes on.
   */
  readonly onWriteError?: ((message: string) => void) | undefined;
}

/**
 * Opens the JSON-lines audit log that `dbpass rotate` and `dbpass adopt` append to (and `rotate`/`adopt` with their
 * `audit` option), refusing with a RotationSetupError, before anything is sent, a file that cannot be appended to.
 * Lines are appended synchronously (mode 0600 when the file is created) so that a killed run keeps every line it
 * wrote. Records hold ids, steps and outcomes, and messages the library has already stripped of secrets.
 */
export async function openAuditLog(file: string, options: AuditLogOptions = {}): Promise<AuditLog> {
  const problem = file === '' ? 'no file named' : await auditPathProblem(file);
  if (problem) throw new RotationSetupError(`the audit log ${file} cannot be written (${problem}); nothing was sent`);
  let failed = false;
  return {
    file,
    write(record) {
      if (failed) return;
      try {
        appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
      } catch (error) {
        failed = true;
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        options.onWriteError?.(`the audit log ${file} could not be written (${code}); the run goes on without it`);
      }
    },
  };
}
