import { readFile } from 'node:fs/promises';
import { emptyDocument, normalizeDocument, type StoreDocument } from '../../secret-store/store-document.js';
import { StoreUnavailableError } from '../../secret-store/store-errors.js';
import { decrypt } from './encryption.js';
import { acceptToken, readSeen, rollbackError, rollbackProblem } from './seen-mark.js';

/** Which store the file is and the generation its next write follows. */
export interface Lineage {
  /** Undefined until the store's first write in the format with a header (a new store, an older format's file). */
  readonly store: string | undefined;
  readonly generation: number;
}

export interface StoreFile {
  readonly document: StoreDocument;
  readonly lineage: Lineage;
  readonly exists: boolean;
}

export interface ReadOptions {
  /** Compare with `<file>.seen` and refuse an older copy (off only for the fencing check of a run's own writes). */
  readonly checkRollback: boolean;
  /** A refused file accepted anyway: every one (true), or the one its error names (its accept token). */
  readonly accept?: true | string | undefined;
}

/** Reads the store file (and its mark) and decrypts it; writes nothing, so a read-only folder is enough. */
export async function readStoreFile(file: string, key: Uint8Array, options: ReadOptions): Promise<StoreFile> {
  // The mark first: it is written after the store, so a write landing between the two reads is never taken for a
  // rollback (the store read is at least as new as the mark read before it).
  const seen = options.checkRollback ? await readSeen(file) : undefined;
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code !== 'ENOENT') throw new StoreUnavailableError(`store ${file}: cannot read (${code})`);
  }
  const decrypted = text === undefined ? undefined : decrypt(text, key, `store ${file}`);
  const header = decrypted?.header;
  let generation = header?.generation ?? 0;
  const problem = seen && rollbackProblem(file, header, text !== undefined, seen);
  if (seen && problem) {
    const token = acceptToken(header, text !== undefined);
    if (options.accept !== true && options.accept !== token) throw rollbackError(file, problem, token);
    // Accepted: the next write goes past every generation seen, so the copy left behind can never pass for newer.
    generation = Math.max(generation, seen.generation);
  }
  return {
    document: decrypted ? normalizeDocument(JSON.parse(decrypted.plaintext)) : emptyDocument(),
    lineage: { store: header?.store, generation },
    exists: text !== undefined,
  };
}
