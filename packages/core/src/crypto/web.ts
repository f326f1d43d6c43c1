// `#crypto` everywhere else (Workers, Deno, browsers): WebCrypto, asynchronous; @noble/hashes (audited)
// for MD5, which WebCrypto does not have. SHA-512/256 Digest is left to node:crypto: no browser offers it,
// and noble's SHA-512 would double the Worker bundle.
import { md5 } from '@noble/hashes/legacy.js';
import type { DigestAlgorithm, HmacKey } from './crypto.js';
import { toHex } from './hex.js';

const encoder = new TextEncoder();
const bytes = (data: Uint8Array | string): Uint8Array<ArrayBuffer> => (typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>));
const subtle = () => globalThis.crypto.subtle;

export const sha256Hex = async (data: Uint8Array | string): Promise<string> => toHex(new Uint8Array(await subtle().digest('SHA-256', bytes(data))));

export const digestHex = (algorithm: DigestAlgorithm, data: Uint8Array | string): string | Promise<string> => {
  if (algorithm === 'SHA-256') return sha256Hex(data);
  if (algorithm === 'MD5') return toHex(md5(bytes(data)));
  throw new TypeError(`Digest ${algorithm} needs node:crypto (Node, Bun); on this runtime the server must offer MD5 or SHA-256`);
};

/** The SK as an HMAC key (a promise of the CryptoKey), imported once per credential. */
export const hmacKey = (secret: string): HmacKey =>
  subtle().importKey('raw', bytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

export const hmacSha256Hex = async (key: string | HmacKey, text: string): Promise<string> => {
  const cryptoKey = await (typeof key === 'string' ? hmacKey(key) : key) as CryptoKey;
  return toHex(new Uint8Array(await subtle().sign('HMAC', cryptoKey, bytes(text))));
};
