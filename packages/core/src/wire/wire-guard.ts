import { InsecureEndpointError, RedirectError } from '../errors/errors.js';
import type { OutgoingRequest, Send } from '../pipeline/transport.js';
import { NOT_LOOPBACK_CODE, plaintextRefusal } from './loopback.js';

/**
 * Where a redirect pointed, for a message: resolved against the request's URL, without userinfo, query or
 * fragment (a token or signature can sit in any of them).
 */
export function redirectTarget(location: string | null, base: URL | string): string | undefined {
  if (location === null) return undefined;
  try {
    const url = new URL(location, base);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(a location that is not a URL)';
  }
}

// 304 is not a redirect (and no request here is conditional).
const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);

function redirectError(request: OutgoingRequest, response: Response): RedirectError {
  const location = redirectTarget(response.headers.get('location'), request.url);
  const status = response.type === 'opaqueredirect' ? 'a redirect' : String(response.status);
  return new RedirectError(
    `${request.context.operation}: the server answered ${status}, a redirect to ${location ?? '(no location)'}, which is not followed (it would carry the request's credentials and body there); set the endpoint to the server that answers`,
    location,
    {
      operation: request.context.operation,
      $metadata: {
        ...(response.status ? { httpStatusCode: response.status } : {}),
        attempts: request.context.attempts,
        totalRetryDelay: request.context.totalRetryDelay,
      },
    },
  );
}

function insecure(request: OutgoingRequest, why: string): InsecureEndpointError {
  return new InsecureEndpointError(`${request.context.operation}: not sent: ${why}`, {
    operation: request.context.operation,
    code: 'InsecureEndpoint',
    $metadata: { attempts: request.context.attempts, totalRetryDelay: request.context.totalRetryDelay },
  });
}

/**
 * The last check before the wire and the first after it, around a sender: plaintext goes to loopback only
 * (`checksAddress`: the sender resolves names itself and connects to the address it checked, so `localhost` may
 * be sent to), and a redirect is a RedirectError, never an answer to follow or retry. Typed errors thrown here
 * come before anything was sent, or with the server's final answer.
 */
export function guardWire(send: Send, options: { readonly checksAddress: boolean }): Send {
  return async (request) => {
    const refusal = plaintextRefusal(request.url, options.checksAddress);
    if (refusal) throw insecure(request, `${request.url.origin}: http is allowed on loopback only, and ${refusal}`);
    let response: Response;
    try {
      response = await send(request);
    } catch (error) {
      if ((error as { code?: unknown } | undefined)?.code === NOT_LOOPBACK_CODE)
        throw insecure(request, (error as Error).message);
      throw error;
    }
    if (!isRedirect(response)) return response;
    await response.body?.cancel().catch(() => undefined);
    throw redirectError(request, response);
  };
}
