import { type AuditRecord, openAuditLog as openLibraryAuditLog } from '@dbpass/rotate';

export type AuditLog = (record: AuditRecord) => void;

/**
 * The audit log of `dbpass rotate` and `dbpass adopt`: the library's writer, so its lines are the ones
 * `rotate({ audit })` writes. A file that cannot be appended to is refused before anything is sent; a write that
 * fails later is said once on stderr and never stops the run. No file: nothing is written.
 */
export async function openAuditLog(file: string | undefined, warn: (text: string) => void): Promise<AuditLog> {
  if (!file) return () => {};
  const log = await openLibraryAuditLog(file, { onWriteError: (message) => warn(`dbpass: warning: ${message}\n`) });
  return (record) => log.write(record);
}
