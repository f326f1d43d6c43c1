import { appendFileSync } from 'node:fs';

/**
 * Appends one JSON line per event to the audit file (0600). Events hold ids, steps, outcomes and messages that
 * the library has already stripped of secrets. Written synchronously so that a killed run keeps its last lines.
 */
export function auditLog(file: string | undefined): (record: object) => void {
  if (!file) return () => {};
  return (record) => appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}
