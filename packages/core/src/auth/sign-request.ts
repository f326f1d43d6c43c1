import { hmacKey, hmacSha256Hex, sha256Hex } from '#crypto';
import type { Awaitable, HmacKey } from '../crypto/crypto.js';
import { requireSync, runSteps } from '../crypto/run-steps.js';

/*
 * Huawei Cloud API Gateway AK/SK signing, algorithm SDK-HMAC-SHA256 (docs/reference/huawei.md e2):
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac-sha256(SK, StringToSign))   (no derived key)
 */

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignableRequest {
  readonly method: string;
  /** The URL as sent; its path and query are canonicalised. */
  readonly url: URL;
  /** Exactly the headers to sign (including `Host` and `X-Sdk-Date`), names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent. */
  readonly body?: Uint8Array | string | undefined;
}

export interface Signature {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly authorization: string;
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
const SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;

/** RFC 3986 percent-encoding: unreserved characters stay, everything else is %XX (uppercase, UTF-8). */
export function encodeRfc3986(text: string): string {
  if (UNRESERVED_ONLY.test(text)) return text;
  return encodeURIComponent(text).replace(
    SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const utf8 = new TextDecoder();

/**
 * Percent-escapes decoded the way the official signers decode them (Python's `unquote`): every valid `%XX`
 * run becomes its UTF-8 text (invalid UTF-8 becomes U+FFFD), and a `%` that starts no valid escape stays as
 * it is, so `%E4%B8%AD5%zz` is `中5%zz` and not left whole.
 */
export function decodePercentEscapes(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(ESCAPE_RUN, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let index = 0; index < bytes.length; index += 1)
      bytes[index] = Number.parseInt(run.slice(index * 3 + 1, index * 3 + 3), 16);
    return utf8.decode(bytes);
  });
}

/** Each path segment decoded then encoded (so an already-encoded path is not encoded twice), with a trailing `/`. */
export function canonicalUri(pathname: string): string {
  const encoded = pathname
    .split('/')
    .map((segment) => encodeRfc3986(decodePercentEscapes(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

/**
 * Code point order (the same as UTF-8 byte order). It differs from JavaScript's code unit order only where a
 * character above U+FFFF (a surrogate pair) meets one in U+E000-U+FFFF: the pair sorts after it.
 */
export function byCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    if (isSurrogate(x) !== isSurrogate(y)) return isSurrogate(x) ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Query parameters sorted by their decoded key, repeated keys by decoded value, in code point order, then
 * each part RFC 3986-encoded. Code point order is what the published algorithm ("sort by key, byte order")
 * and the official Go (`sort.Strings` on UTF-8) and Python (`list.sort` on str) signers use; the official
 * Node signer sorts by UTF-16 code unit and so disagrees with the gateway where the two orders differ.
 */
export function canonicalQuery(search: string): string {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return '';
  const pairs = query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return [
        decodePercentEscapes(at < 0 ? pair : pair.slice(0, at)),
        at < 0 ? '' : decodePercentEscapes(pair.slice(at + 1)),
      ] as const;
    });
  pairs.sort((a, b) => byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]));
  return pairs.map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(value)}`).join('&');
}

const two = (value: number) => (value < 10 ? `0${value}` : `${value}`);

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}T${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
}

/** Parses `YYYYMMDDTHHMMSSZ`; undefined when malformed. */
export function parseSdkDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function* canonicalRequestSteps(
  request: SignableRequest,
): Generator<Awaitable<string>, { canonicalRequest: string; signedHeaders: string }, string> {
  const names: string[] = [];
  const values = new Map<string, string>();
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (!values.has(lower)) names.push(lower);
    values.set(lower, request.headers[name]!.trim());
  }
  names.sort(byCodeUnit);
  let canonicalHeaders = '';
  for (const name of names) canonicalHeaders += `${name}:${values.get(name)}\n`;
  const signedHeaders = names.join(';');
  const body = request.body ?? '';
  const payloadHash =
    values.get('x-sdk-content-sha256') ?? (body.length === 0 ? EMPTY_BODY_SHA256 : yield sha256Hex(body));
  const text = `${request.method.toUpperCase()}\n${canonicalUri(request.url.pathname)}\n${canonicalQuery(request.url.search)}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  return { canonicalRequest: text, signedHeaders };
}

/** Synchronous where node:crypto is (Node, Bun); elsewhere sign with `signRequestAsync`. */
export function canonicalRequest(request: SignableRequest): { canonicalRequest: string; signedHeaders: string } {
  return requireSync(runSteps(canonicalRequestSteps(request)), 'canonicalRequest');
}

/** The SK as an HMAC key, made once per credential instead of once per signature. */
export const signingKey = (sk: string): HmacKey => hmacKey(sk);

export interface SigningCredentials {
  readonly ak: string;
  /** The SK, or the key `signingKey` made of it. */
  readonly sk: string | HmacKey;
}

function* signSteps(
  request: SignableRequest,
  credentials: SigningCredentials,
): Generator<Awaitable<string>, Signature, string> {
  const date = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-sdk-date')?.[1];
  if (!date) throw new TypeError('X-Sdk-Date must be one of the signed headers');
  const { canonicalRequest: text, signedHeaders } = yield* canonicalRequestSteps(request);
  const stringToSign = `${ALGORITHM}\n${date}\n${yield sha256Hex(text)}`;
  const signature = yield hmacSha256Hex(credentials.sk, stringToSign);
  return {
    canonicalRequest: text,
    stringToSign,
    signedHeaders,
    signature,
    authorization: `${ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** The signature, synchronously or as a promise, whichever the runtime's crypto gives (what akSk uses). */
export const sign = (request: SignableRequest, credentials: SigningCredentials): Awaitable<Signature> =>
  runSteps(signSteps(request, credentials));

/**
 * Signs the request with the AK/SK. The `X-Sdk-Date` header must be among `request.headers`.
 * Synchronous where node:crypto is (Node, Bun); elsewhere use `signRequestAsync`.
 */
export function signRequest(request: SignableRequest, credentials: SigningCredentials): Signature {
  return requireSync(sign(request, credentials), 'signRequest', 'signRequestAsync');
}

/** `signRequest` on any runtime. */
export async function signRequestAsync(request: SignableRequest, credentials: SigningCredentials): Promise<Signature> {
  return sign(request, credentials);
}

/** The parts of an `Authorization: SDK-HMAC-SHA256 ...` header, or undefined when it is not one. */
export function parseAuthorization(
  header: string,
): { access: string; signedHeaders: string[]; signature: string } | undefined {
  const match = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
    header,
  );
  if (!match) return undefined;
  return { access: match[1]!, signedHeaders: match[2]!.split(';'), signature: match[3]! };
}
