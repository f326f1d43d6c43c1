import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Why an audit log at `file` cannot be appended to, or undefined when it can: the file, or the folder that would
 * hold it, must be writable.
 */
export async function auditPathProblem(file: string): Promise<string | undefined> {
  const existing = await stat(file).catch(() => undefined);
  const target = existing ? file : path.dirname(file);
  return access(target, constants.W_OK).then(
    () => undefined,
    () => (existing ? 'the file is not writable' : `the folder ${target} does not exist or is not writable`),
  );
}
