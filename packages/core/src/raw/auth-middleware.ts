import type { Middleware } from 'openapi-fetch';
import type { AuthScheme } from '../auth/auth.js';
import { checkAuth } from '../client/check-auth.js';
import type { ClientOptions } from '../client/create-transport.js';
import type { ServiceDescriptor } from '../client/service-descriptor.js';
import { transportError } from '../errors/call-errors.js';
import type { FetchFunction } from '../pipeline/transport.js';
import { operationMatcher } from '../request/path-template.js';
import { readable } from '../response/response-body.js';
import { fetchSender } from '../wire/wire-sender.js';
import { describeRequest } from './dbpass-fetch.js';
import { checkPathParams } from './path-guard.js';

export type AuthMiddlewareOptions<Scheme extends AuthScheme = AuthScheme> = Pick<
  ClientOptions<Scheme>,
  'auth' | 'region' | 'projectId' | 'fetch'
>;

/**
 * dbpass auth as an openapi-fetch Middleware, for a user's own `createClient<paths>()`: `client.use(...)`.
 * openapi-fetch runs middleware once per call, so this authenticates one attempt (a Digest challenge is
 * answered, an IAM token fetched and refreshed once) and sends it with the client's fetch; for retries
 * and re-signing per attempt use the transport as the `fetch` option instead.
 */
export function createAuthMiddleware(service: ServiceDescriptor, options: AuthMiddlewareOptions): Middleware {
  if (!options?.auth) throw new TypeError(`${service.name} middleware: the \`auth\` option is required`);
  checkAuth(service, options.auth);
  const fallback: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const layer = options.auth.middleware({
    service,
    region: options.region,
    projectId: options.projectId,
    send: fetchSender(fallback),
  });
  const match = operationMatcher(service);
  return {
    async onRequest({ request, schemaPath, params, options: clientOptions }) {
      checkPathParams(match, { request, schemaPath, params });
      const url = new URL(request.url);
      const method = request.method.toUpperCase();
      const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
      const context = describeRequest(match(method, schemaPath), method, url, body, {
        signal: request.signal,
        timeoutMs: Number.POSITIVE_INFINITY,
      });
      context.attempts = 1;
      const send = layer(fetchSender(clientOptions.fetch as FetchFunction));
      try {
        // A layer may have read the answer (an IAM token's 401); openapi-fetch reads it again.
        return readable(
          await send({
            method,
            url,
            headers: new Headers(request.headers),
            body,
            signal: request.signal,
            context,
          }),
        );
      } catch (error) {
        throw transportError(error, context, (text) => options.auth.redact(text));
      }
    },
  };
}
