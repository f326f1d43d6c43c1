import { readFile, stat } from 'node:fs/promises';
import { decodeBase64Strict } from './strict-base64.js';

/** Where the file store's 256-bit key comes from: an environment variable or a key file (base64 or hex). */
export type StoreKeySource = { readonly env: string } | { readonly file: string };

export class StoreKeyError extends Error {
  override name = 'StoreKeyError';
}

/** The key as 64 hex digits, or the canonical base64 (44 characters, padded) or base64url (43) of 32 bytes. */
function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : (decodeBase64Strict(trimmed, 'base64') ?? decodeBase64Strict(trimmed, 'base64url'));
  if (key?.length !== 32)
    throw new StoreKeyError(
      `${where}: the store key must be 32 bytes, as 64 hex digits or base64 (for example \`openssl rand -base64 32\`)`,
    );
  return key;
}

export async function loadStoreKey(
  source: StoreKeySource,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Uint8Array> {
  if ('env' in source) {
    const value = environment[source.env];
    if (!value) throw new StoreKeyError(`store key: the environment variable ${source.env} is not set`);
    return decodeKey(value, `store key (${source.env})`);
  }
  const info = await stat(source.file).catch(() => {
    throw new StoreKeyError(`store key: cannot read the key file ${source.file}`);
  });
  if ((info.mode & 0o077) !== 0)
    throw new StoreKeyError(
      `store key: ${source.file} is readable by others (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it`,
    );
  return decodeKey(await readFile(source.file, 'utf8'), `store key (${source.file})`);
}
