/*
 * What auth needs from a crypto library. The module `#crypto` is one of three implementations, chosen by
 * the package's `imports` conditions: `node.ts` (node:crypto, synchronous; Node and Bun), `workerd.ts`
 * (WebCrypto, whose digest has MD5 in Workers) or `web.ts` (WebCrypto plus @noble/hashes for MD5; Deno,
 * browsers, the rest). Callers handle sync and async alike through `runSteps`, which stays synchronous
 * while every step is.
 */

export type Awaitable<T> = T | Promise<T>;

/** A secret prepared once for HMAC-SHA256 (a KeyObject on Node, a CryptoKey elsewhere). */
export type HmacKey = object;

/** The Digest hash algorithms of RFC 7616 (without `-sess`), as upper-case names. */
export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512-256';

export interface CryptoImplementation {
  sha256Hex(data: Uint8Array | string): Awaitable<string>;
  hmacKey(secret: string): HmacKey;
  hmacSha256Hex(key: string | HmacKey, text: string): Awaitable<string>;
  digestHex(algorithm: DigestAlgorithm, data: Uint8Array | string): Awaitable<string>;
}

export declare const sha256Hex: CryptoImplementation['sha256Hex'];
export declare const hmacKey: CryptoImplementation['hmacKey'];
export declare const hmacSha256Hex: CryptoImplementation['hmacSha256Hex'];
export declare const digestHex: CryptoImplementation['digestHex'];
