import { AuthenticationError } from '../errors/errors.js';
import type { OutgoingRequest } from '../pipeline/transport.js';
import { type Auth, redactAll, requireValue, withHeader } from './auth.js';
import { type DigestChallenge, digest, parseDigestChallenge } from './digest.js';
import { env } from './env.js';

export interface DigestOptions {
  /** AccessKey ID (the Digest user name). Default: `OCEANBASE_ACCESS_KEY_ID`. */
  accessKeyId?: string;
  /** AccessKey secret (the Digest password). Default: `OCEANBASE_ACCESS_KEY_SECRET`. */
  accessKeySecret?: string;
}

/**
 * HTTP Digest auth (RFC 7616) with an AccessKey pair. The first request goes without credentials and answers the
 * server's challenge; later requests reuse the nonce with an increasing nonce count until the server says
 * `stale=true`. The body is re-sent unchanged. No Basic fallback, and no loop on a wrong secret: after one
 * answer to a fresh challenge is refused, the call fails with an AuthenticationError.
 */
export function oceanbaseDigest(options: DigestOptions = {}): Auth<'digest'> {
  const username = requireValue(
    options.accessKeyId ?? env('OCEANBASE_ACCESS_KEY_ID'),
    'oceanbaseDigest: accessKeyId',
    'OCEANBASE_ACCESS_KEY_ID',
  );
  const password = requireValue(
    options.accessKeySecret ?? env('OCEANBASE_ACCESS_KEY_SECRET'),
    'oceanbaseDigest: accessKeySecret',
    'OCEANBASE_ACCESS_KEY_SECRET',
  );
  let cached: { challenge: DigestChallenge; nc: number } | undefined;
  const issued: string[] = [];

  const authorize = async (
    request: OutgoingRequest,
    state: { challenge: DigestChallenge; nc: number },
  ): Promise<OutgoingRequest> => {
    state.nc += 1;
    const { header, response } = await digest({
      challenge: state.challenge,
      username,
      password,
      method: request.method,
      uri: `${request.url.pathname}${request.url.search}`,
      nc: state.nc,
      body: request.body,
    });
    issued.push(response);
    if (issued.length > 64) issued.shift();
    return withHeader(request, 'Authorization', header);
  };

  return {
    scheme: 'digest',
    middleware() {
      return (next) => async (request) => {
        let state = cached;
        let response = await next(state ? await authorize(request, state) : request);
        // Answer at most one fresh challenge, plus one more if the server only says the nonce went stale.
        for (let answered = 0, staleRetries = 0; response.status === 401; ) {
          const challenge = parseDigestChallenge(response.headers.get('www-authenticate'));
          if (!challenge) return response;
          const stale = challenge.stale && state !== undefined;
          if (stale ? staleRetries >= 1 : answered >= 1) {
            await response.body?.cancel().catch(() => undefined);
            throw new AuthenticationError(
              `${request.context.operation}: Digest authentication failed for AccessKey ID ${username} (HTTP 401 after answering a fresh challenge): check the AccessKey secret`,
              {
                operation: request.context.operation,
                code: 'DigestAuthenticationFailed',
                $metadata: { httpStatusCode: 401, attempts: request.context.attempts },
              },
            );
          }
          if (stale) staleRetries += 1;
          else answered += 1;
          await response.body?.cancel().catch(() => undefined);
          state = cached = { challenge, nc: 0 };
          response = await next(await authorize(request, state));
        }
        return response;
      };
    },
    redact: (text) => redactAll(text, [password, ...issued]),
  };
}
