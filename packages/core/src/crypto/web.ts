// `#crypto` everywhere else (Workers, Deno, browsers): WebCrypto, asynchronous; @noble/hashes (audited)
// for the Digest hashes WebCrypto does not have (MD5, SHA-512/256).
import { md5 } from '@noble/hashes/legacy.js';
import { sha512_256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { DigestAlgorithm, HmacKey } from './crypto.js';

const encoder = new TextEncoder();
const bytes = (data: Uint8Array | string): Uint8Array<ArrayBuffer> => (typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>));
const subtle = () => globalThis.crypto.subtle;

export const sha256Hex = async (data: Uint8Array | string): Promise<string> => bytesToHex(new Uint8Array(await subtle().digest('SHA-256', bytes(data))));

export const digestHex = (algorithm: DigestAlgorithm, data: Uint8Array | string): string | Promise<string> => {
  if (algorithm === 'SHA-256') return sha256Hex(data);
  return bytesToHex((algorithm === 'MD5' ? md5 : sha512_256)(bytes(data)));
};

/** The SK as an HMAC key (a promise of the CryptoKey), imported once per credential. */
export const hmacKey = (secret: string): HmacKey =>
  subtle().importKey('raw', bytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

export const hmacSha256Hex = async (key: string | HmacKey, text: string): Promise<string> => {
  const cryptoKey = await (typeof key === 'string' ? hmacKey(key) : key) as CryptoKey;
  return bytesToHex(new Uint8Array(await subtle().sign('HMAC', cryptoKey, bytes(text))));
};
