import { createHash, timingSafeEqual } from 'node:crypto';
import { canonicalRequest, parseAuthorization, parseSdkDate, signRequest } from '@dbpass/core/internals';
import { type EmulatorRequest, header, type Reply } from '../http.js';
import { seed } from '../seed.js';
import type { IamService } from './iam.js';
import { huaweiError, unauthorized } from './replies.js';

const SKEW_MS = 15 * 60_000;

/** The project the caller is authenticated for, or the gateway's error reply. */
export type GatewayAuth = { ok: true; projectId: string | undefined } | { ok: false; reply: Reply };

/**
 * The API gateway in front of TaurusDB: an `X-Auth-Token` the emulator's IAM issued and that has not expired,
 * or an AK/SK signature recomputed from what arrived (15 minutes of clock skew allowed).
 */
export function authenticateHuawei(request: EmulatorRequest, iam: IamService, now: number): GatewayAuth {
  const authorization = header(request, 'authorization');
  // Present, even empty, means an AK/SK request: a bad Authorization is never overlooked for a token.
  if (authorization !== undefined) return verifySignature(request, authorization, now);
  const token = header(request, 'x-auth-token');
  if (!token) return { ok: false, reply: unauthorized('x-auth-token not found') };
  const issued = iam.tokens.get(token);
  if (!issued) return { ok: false, reply: unauthorized('decrypt token fail') };
  if (now >= issued.expiresAt)
    return { ok: false, reply: unauthorized(`token expires, expires_at: ${new Date(issued.expiresAt).toISOString()}`) };
  return { ok: true, projectId: issued.projectId };
}

function verifySignature(request: EmulatorRequest, authorization: string, now: number): GatewayAuth {
  const parsed = parseAuthorization(authorization);
  if (!parsed) return { ok: false, reply: unauthorized('verify aksk signature fail') };
  const { temporary } = seed.huawei;
  const sk =
    parsed.access === seed.huawei.ak ? seed.huawei.sk : parsed.access === temporary.ak ? temporary.sk : undefined;
  if (sk === undefined) return { ok: false, reply: unauthorized(`ak ${parsed.access} not exist`) };
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = header(request, name);
    if (value === undefined) return { ok: false, reply: unauthorized('verify aksk signature fail') };
    headers[name] = value;
  }
  const dateText = headers['x-sdk-date'];
  const date = dateText ? parseSdkDate(dateText) : undefined;
  if (!date) return { ok: false, reply: unauthorized('verify aksk signature fail') };
  if (Math.abs(now - date.getTime()) > SKEW_MS) {
    return {
      ok: false,
      reply: unauthorized(
        `calc aksk signature fail:signature expired, signature time:${dateText},server time:${new Date(now)
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '')}`,
      ),
    };
  }
  // A security token belongs to temporary credentials and must be signed with them; a permanent AK takes none.
  const securityToken = header(request, 'x-security-token');
  if (
    parsed.access === temporary.ak
      ? headers['x-security-token'] !== temporary.securityToken
      : securityToken !== undefined
  ) {
    return { ok: false, reply: unauthorized('security token invalid') };
  }
  // A signed content hash stands for the body in the signature, so it must be the body's (UNSIGNED-PAYLOAD opts out).
  const contentHash = headers['x-sdk-content-sha256'];
  if (
    contentHash !== undefined &&
    contentHash !== 'UNSIGNED-PAYLOAD' &&
    contentHash.toLowerCase() !== createHash('sha256').update(request.body).digest('hex')
  ) {
    return {
      ok: false,
      reply: unauthorized('verify aksk signature fail: the body does not match X-Sdk-Content-Sha256'),
    };
  }
  const url = new URL(request.target, 'http://emulator');
  const expected = signRequest(
    { method: request.method, url, headers, body: request.body },
    { ak: parsed.access, sk },
  ).signature;
  const matches =
    expected.length === parsed.signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(parsed.signature.toLowerCase()));
  if (!matches)
    return {
      ok: false,
      reply: unauthorized(
        `verify aksk signature fail, canonicalRequest:${canonicalRequest({ method: request.method, url, headers, body: request.body }).canonicalRequest.split('\n').slice(0, 3).join(' ')}`,
      ),
    };
  const projectId = header(request, 'x-project-id');
  if (projectId !== undefined && projectId !== seed.huawei.projectId && projectId !== seed.huawei.otherProjectId) {
    return {
      ok: false,
      reply: huaweiError(
        403,
        'DBS.200010',
        'The instance ID or user ID may be null, or the operation is not authorized.',
      ),
    };
  }
  return { ok: true, projectId };
}
