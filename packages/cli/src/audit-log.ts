import { appendFileSync } from 'node:fs';
import { auditPathProblem, RotationSetupError } from '@dbpass/rotate';

export type AuditLog = (record: object) => void;

/** Refuses, before anything is sent, an audit log that cannot be appended to. */
async function checkWritable(file: string): Promise<void> {
  const problem = await auditPathProblem(file);
  if (problem) throw new RotationSetupError(`the audit log ${file} cannot be written (${problem}); nothing was sent`);
}

/**
 * Appends one JSON line per record to the audit file (0600). Records hold ids, steps, outcomes and messages that
 * the library has already stripped of secrets. Written synchronously so that a killed run keeps its last lines. A
 * write that fails later (a full disk) is said once on stderr and never stops the run.
 */
export async function openAuditLog(file: string | undefined, warn: (text: string) => void): Promise<AuditLog> {
  if (!file) return () => {};
  await checkWritable(file);
  let failed = false;
  return (record) => {
    if (failed) return;
    try {
      appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    } catch (error) {
      failed = true;
      warn(
        `dbpass: warning: the audit log ${file} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); the run goes on without it\n`,
      );
    }
  };
}
