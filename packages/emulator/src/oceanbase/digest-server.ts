import { randomBytes, timingSafeEqual } from 'node:crypto';
import { digestHash, parseAuthParams } from '@dbpass/core/internals';
import { type EmulatorRequest, header } from '../http.js';
import { seed } from '../seed.js';

export const REALM = 'OceanBase Cloud';

interface IssuedNonce {
  readonly expiresAt: number;
  /** Nonce counts already used with this nonce (replays are refused). */
  readonly used: Set<number>;
}

export type DigestOutcome = { ok: true } | { ok: false; challenge: string } | { ok: false; badRequest: string };

/**
 * The server side of RFC 7616 Digest: issues nonces, checks the answer against the AccessKey secret,
 * says `stale=true` for an expired nonce it issued, and refuses a nonce count already used.
 */
export class DigestServer {
  private readonly nonces = new Map<string, IssuedNonce>();
  private readonly opaque = randomBytes(12).toString('hex');
  challenges = 0;

  constructor(private readonly options: { algorithm: 'MD5' | 'SHA-256'; nonceTtlMs: number; now: () => number }) {}

  challenge(stale = false): string {
    this.challenges += 1;
    const nonce = randomBytes(16).toString('base64url');
    this.nonces.set(nonce, { expiresAt: this.options.now() + this.options.nonceTtlMs, used: new Set() });
    return `Digest realm="${REALM}", qop="auth", algorithm=${this.options.algorithm}, nonce="${nonce}", opaque="${this.opaque}"${stale ? ', stale=true' : ''}`;
  }

  verify(request: EmulatorRequest): DigestOutcome {
    const authorization = header(request, 'authorization');
    if (!authorization || !/^Digest\s/i.test(authorization)) return { ok: false, challenge: this.challenge() };
    const params = parseAuthParams(authorization.replace(/^Digest\s+/i, ''));
    const { username, realm, nonce, uri, response, qop, nc, cnonce, opaque } = params;
    const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
    if (
      !username ||
      !nonce ||
      !uri ||
      !response ||
      realm !== REALM ||
      opaque !== this.opaque ||
      algorithm !== this.options.algorithm
    ) {
      return { ok: false, challenge: this.challenge() };
    }
    if (qop !== 'auth' || !nc || !/^[0-9a-f]{8}$/i.test(nc) || !cnonce)
      return { ok: false, challenge: this.challenge() };
    // RFC 7616 3.4.6: an answer for another resource than the request line's is a bad request, not a new challenge.
    if (uri !== request.target) return { ok: false, badRequest: 'The Digest uri does not match the request target.' };
    const issued = this.nonces.get(nonce);
    if (!issued) return { ok: false, challenge: this.challenge() };
    if (username !== seed.oceanbase.accessKeyId) return { ok: false, challenge: this.challenge() };
    const H = (text: string) => digestHash(algorithm, text);
    const ha1 = H(`${username}:${REALM}:${seed.oceanbase.accessKeySecret}`);
    const ha2 = H(`${request.method}:${uri}`);
    const expected = H(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
    if (
      expected.length !== response.length ||
      !timingSafeEqual(Buffer.from(expected), Buffer.from(response.toLowerCase()))
    ) {
      return { ok: false, challenge: this.challenge() };
    }
    // The answer is right: now the nonce's freshness and the count's novelty decide.
    if (this.options.now() >= issued.expiresAt) {
      this.nonces.delete(nonce);
      return { ok: false, challenge: this.challenge(true) };
    }
    const count = Number.parseInt(nc, 16);
    if (issued.used.has(count)) return { ok: false, challenge: this.challenge() };
    issued.used.add(count);
    return { ok: true };
  }
}
