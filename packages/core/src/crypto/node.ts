// `#crypto` on Node and Bun (the package's "node" import condition): node:crypto, synchronous.

import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type { DigestAlgorithm, HmacKey } from './crypto.js';

let loaded: typeof Crypto | undefined;

/**
 * node:crypto, loaded on first use rather than at import: a client that never signs (token auth) does
 * not pay for it, and importing a client stays fast.
 */
function nodeCrypto(): typeof Crypto {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  loaded ??= (getBuiltin?.('node:crypto') ?? createRequire(import.meta.url)('node:crypto')) as typeof Crypto;
  return loaded;
}

const NAMES: Record<DigestAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

// crypto.hash (Node >= 20.12) hashes in one call; older Node 20 falls back to createHash.
function hashHex(algorithm: string, data: Uint8Array | string): string {
  const crypto = nodeCrypto() as {
    hash?: (algorithm: string, data: Uint8Array | string, encoding: 'hex') => string;
  } & typeof Crypto;
  return crypto.hash ? crypto.hash(algorithm, data, 'hex') : crypto.createHash(algorithm).update(data).digest('hex');
}

export const sha256Hex = (data: Uint8Array | string): string => hashHex('sha256', data);

export const digestHex = (algorithm: DigestAlgorithm, data: Uint8Array | string): string =>
  hashHex(NAMES[algorithm], data);

/** The key's RFC 2104 inner pad block, and the outer pad block with room for the inner hash. */
interface PaddedKey {
  readonly inner: Buffer;
  readonly outer: Buffer;
}

const BLOCK = 64;

/** The SK as an HMAC key, made once per credential instead of once per signature. */
export function hmacKey(secret: string): HmacKey {
  const crypto = nodeCrypto();
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) key = crypto.createHash('sha256').update(key).digest();
  const inner = Buffer.alloc(BLOCK);
  const outer = Buffer.alloc(BLOCK + 32);
  for (let index = 0; index < BLOCK; index++) {
    inner[index] = (key[index] ?? 0) ^ 0x36;
    outer[index] = (key[index] ?? 0) ^ 0x5c;
  }
  return Object.freeze({ inner, outer }) satisfies PaddedKey;
}

/*
 * HMAC (RFC 2104) as two one-shot hashes over the pads made once per key: on a call's cold path (after the
 * socket wait) crypto.hash costs a third of what a createHmac object does (measured with
 * bench/src/profile.mjs; the signer's differential test and RFC 4231 vectors check it).
 */
export const hmacSha256Hex = (key: string | HmacKey, text: string): string => {
  const { inner, outer } = (typeof key === 'string' ? hmacKey(key) : key) as PaddedKey;
  const crypto = nodeCrypto() as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer };
  // The zero-padded key is the same HMAC key (RFC 2104), for Node < 20.12.
  if (!crypto.hash)
    return nodeCrypto()
      .createHmac(
        'sha256',
        inner.map((byte) => byte ^ 0x36),
      )
      .update(text)
      .digest('hex');
  const message = Buffer.allocUnsafe(BLOCK + Buffer.byteLength(text, 'utf8'));
  inner.copy(message);
  message.write(text, BLOCK, 'utf8');
  // Synchronous, so the outer block can be reused: nothing runs between the copy and the hash.
  crypto.hash('sha256', message, 'buffer').copy(outer, BLOCK);
  return hashHex('sha256', outer);
};
