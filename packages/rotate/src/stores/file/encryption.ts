import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeBase64Strict } from './strict-base64.js';

/**
 * Which store a file is and which write of it: kept in the clear beside the ciphertext and bound into its AAD, so
 * that neither can be changed without the file failing to decrypt. `store` is a random id made with the store's
 * first write (not its path: a store may be moved); `generation` is one more on every write.
 */
export interface StoreHeader {
  readonly store: string;
  readonly generation: number;
}

/** The on-disk envelope: AES-256-GCM over the whole document, a fresh IV per write. */
interface Envelope {
  readonly format: 'dbpass-store-encrypted';
  readonly alg: 'A256GCM';
  /** Absent in files written before the header existed (read with the old AAD, rewritten at the next write). */
  readonly store?: string;
  readonly generation?: number;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

const LEGACY_AAD = Buffer.from('dbpass-store v1');
const aadOf = (header: StoreHeader) => Buffer.from(`dbpass-store v2\n${header.store}\n${header.generation}`);
const IV_BYTES = 12;
const TAG_BYTES = 16;
const STORE_ID = /^[A-Za-z0-9_-]{16,64}$/;

export class StoreDecryptError extends Error {
  override name = 'StoreDecryptError';
}

export const newStoreId = (): string => randomBytes(16).toString('base64url');

export function encrypt(plaintext: string, key: Uint8Array, header: StoreHeader): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aadOf(header));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const envelope: Envelope = {
    format: 'dbpass-store-encrypted',
    alg: 'A256GCM',
    store: header.store,
    generation: header.generation,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope)}\n`;
}

/** The header as written, undefined for the format before it, or why it cannot be one. */
function readHeader(envelope: Envelope): StoreHeader | undefined | 'invalid' {
  if (envelope.store === undefined && envelope.generation === undefined) return undefined;
  const { store, generation } = envelope;
  if (typeof store !== 'string' || !STORE_ID.test(store)) return 'invalid';
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 1) return 'invalid';
  return { store, generation };
}

export interface Decrypted {
  readonly plaintext: string;
  /** Undefined for a file in the format before the header (generation 0 of no store id). */
  readonly header: StoreHeader | undefined;
}

export function decrypt(text: string, key: Uint8Array, where: string): Decrypted {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(text) as Envelope;
  } catch {
    throw new StoreDecryptError(`${where}: not a dbpass store file`);
  }
  if (envelope?.format !== 'dbpass-store-encrypted' || envelope.alg !== 'A256GCM')
    throw new StoreDecryptError(`${where}: not a dbpass store file`);
  const altered = new StoreDecryptError(`${where}: cannot decrypt (wrong key, or the file was altered)`);
  const header = readHeader(envelope);
  if (header === 'invalid') throw altered;
  const field = (value: unknown) => (typeof value === 'string' ? decodeBase64Strict(value, 'base64') : undefined);
  const iv = field(envelope.iv);
  const tag = field(envelope.tag);
  const data = field(envelope.data);
  // A shorter tag would be accepted by GCM and forged far more easily: only the full 16 bytes are.
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || data === undefined) throw altered;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(header ? aadOf(header) : LEGACY_AAD);
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    return { plaintext, header };
  } catch {
    throw altered;
  }
}
