// WebCrypto's part of `#crypto`, shared by web.ts and workerd.ts: SHA-256 and HMAC-SHA256, asynchronous.
import type { DigestAlgorithm, HmacKey } from './crypto.js';
import { toHex } from './hex.js';

const encoder = new TextEncoder();
export const bytes = (data: Uint8Array | string): Uint8Array<ArrayBuffer> =>
  typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>);
const subtle = () => globalThis.crypto.subtle;

export const subtleDigestHex = async (algorithm: string, data: Uint8Array | string): Promise<string> =>
  toHex(new Uint8Array(await subtle().digest(algorithm, bytes(data))));

export const sha256Hex = (data: Uint8Array | string): Promise<string> => subtleDigestHex('SHA-256', data);

/** The Digest hashes, given where MD5 comes from. SHA-512/256 is left to node:crypto: no browser offers it. */
export const digestHexWith =
  (md5Hex: (data: Uint8Array | string) => string | Promise<string>) =>
  (algorithm: DigestAlgorithm, data: Uint8Array | string): string | Promise<string> => {
    if (algorithm === 'SHA-256') return sha256Hex(data);
    if (algorithm === 'MD5') return md5Hex(data);
    throw new TypeError(
      `Digest ${algorithm} needs node:crypto (Node, Bun); on this runtime the server must offer MD5 or SHA-256`,
    );
  };

/** The SK as an HMAC key (a promise of the CryptoKey), imported once per credential. */
export const hmacKey = (secret: string): HmacKey =>
  subtle().importKey('raw', bytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

export const hmacSha256Hex = async (key: string | HmacKey, text: string): Promise<string> => {
  const cryptoKey = (await (typeof key === 'string' ? hmacKey(key) : key)) as CryptoKey;
  return toHex(new Uint8Array(await subtle().sign('HMAC', cryptoKey, bytes(text))));
};
