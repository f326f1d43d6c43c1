// `#crypto` on Node and Bun (the package's "node" import condition): node:crypto, synchronous.

import type * as Crypto from 'node:crypto';
import { nodeBuiltin } from '../runtime/node-builtin.js';
import type { DigestAlgorithm, HmacKey } from './crypto.js';

let loaded: typeof Crypto | undefined;

// On first use: a client that never signs (token auth) does not load it.
const nodeCrypto = (): typeof Crypto => (loaded ??= nodeBuiltin<typeof Crypto>('node:crypto'));

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
