import { digestHex } from '#crypto';
import type { Awaitable, DigestAlgorithm } from '../crypto/crypto.js';
import { toHex } from '../crypto/hex.js';
import { requireSync, runSteps } from '../crypto/run-steps.js';

/* HTTP Digest access authentication, RFC 7616 (MD5, SHA-256 and their -sess variants; qop auth and auth-int). */

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: string;
  /** The qop values the server offers; empty for an RFC 2069 challenge. */
  readonly qop: readonly string[];
  readonly stale: boolean;
}

const HASHES: ReadonlySet<string> = new Set<DigestAlgorithm>(['MD5', 'SHA-256', 'SHA-512-256']);
const baseAlgorithm = (algorithm: string): DigestAlgorithm => {
  const name = algorithm.replace(/-SESS$/i, '').toUpperCase();
  return HASHES.has(name) ? (name as DigestAlgorithm) : 'MD5';
};

/** The auth-params of a `WWW-Authenticate`/`Authorization` value (after the scheme), quoted strings unescaped. */
export function parseAuthParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of text.matchAll(pattern)) {
    params[match[1]!.toLowerCase()] = match[2] === undefined ? match[3]! : match[2].replace(/\\(.)/g, '$1');
  }
  return params;
}

/** The Digest challenge in a `WWW-Authenticate` header, or undefined when there is none we can answer. */
export function parseDigestChallenge(header: string | null): DigestChallenge | undefined {
  if (!header) return undefined;
  const at = header.search(/(^|[\s,])Digest\s/i);
  if (at < 0) return undefined;
  const params = parseAuthParams(header.slice(at).replace(/^[\s,]*Digest\s+/i, ''));
  if (!params.realm || !params.nonce) return undefined;
  const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
  if (!HASHES.has(algorithm.replace(/-SESS$/, ''))) return undefined;
  return {
    realm: params.realm,
    nonce: params.nonce,
    ...(params.opaque !== undefined ? { opaque: params.opaque } : {}),
    algorithm,
    qop: (params.qop ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean),
    stale: (params.stale ?? '').toLowerCase() === 'true',
  };
}

export interface DigestInput {
  readonly challenge: DigestChallenge;
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** The request-target: path and query as sent. */
  readonly uri: string;
  /** Nonce count for this nonce, starting at 1. */
  readonly nc: number;
  readonly cnonce?: string;
  readonly body?: Uint8Array | undefined;
}

/** Synchronous where node:crypto is (Node, Bun), and for MD5 where @noble/hashes computes it (Deno, browsers); else a TypeError. */
export function digestHash(algorithm: string, text: string | Uint8Array): string {
  return requireSync(digestHex(baseAlgorithm(algorithm), text), `digestHash('${algorithm}')`);
}

const randomHex = (size: number) => toHex(globalThis.crypto.getRandomValues(new Uint8Array(size)));

function* digestSteps(input: DigestInput): Generator<Awaitable<string>, { response: string; header: string }, string> {
  const { challenge } = input;
  const qop = challenge.qop.includes('auth') ? 'auth' : challenge.qop.includes('auth-int') ? 'auth-int' : undefined;
  const cnonce = input.cnonce ?? randomHex(16);
  const nc = input.nc.toString(16).padStart(8, '0');
  const H = (text: string | Uint8Array) => digestHex(baseAlgorithm(challenge.algorithm), text);
  let ha1 = yield H(`${input.username}:${challenge.realm}:${input.password}`);
  if (challenge.algorithm.endsWith('-SESS')) ha1 = yield H(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 =
    qop === 'auth-int'
      ? yield H(`${input.method}:${input.uri}:${yield H(input.body ?? '')}`)
      : yield H(`${input.method}:${input.uri}`);
  const response = qop
    ? yield H(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : yield H(`${ha1}:${challenge.nonce}:${ha2}`);
  const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;
  const parts = [
    `username=${quote(input.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${challenge.algorithm}`,
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`] : []),
    `response=${quote(response)}`,
    ...(challenge.opaque !== undefined ? [`opaque=${quote(challenge.opaque)}`] : []),
  ];
  return { response, header: `Digest ${parts.join(', ')}` };
}

/** The `response` value and the full `Authorization` header, synchronously or as a promise (WebCrypto's SHA-256). */
export const digest = (input: DigestInput): Awaitable<{ response: string; header: string }> =>
  runSteps(digestSteps(input));

/** The `response` value and the full `Authorization` header for a challenge. Synchronous as `digestHash` is. */
export function digestAuthorization(input: DigestInput): { response: string; header: string } {
  return requireSync(digest(input), 'digestAuthorization', 'digestAuthorizationAsync');
}

/** `digestAuthorization` on any runtime. */
export async function digestAuthorizationAsync(input: DigestInput): Promise<{ response: string; header: string }> {
  return digest(input);
}
