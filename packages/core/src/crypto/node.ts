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

/** The SK as an HMAC key, made once per credential instead of once per signature. */
export const hmacKey = (secret: string): HmacKey => nodeCrypto().createSecretKey(new TextEncoder().encode(secret));

export const hmacSha256Hex = (key: string | HmacKey, text: string): string =>
  nodeCrypto()
    .createHmac('sha256', key as string | Crypto.KeyObject)
    .update(text)
    .digest('hex');
