import createClient, { type Client } from 'openapi-fetch';
import { createTransport, transportError, type ClientOptions } from './create-service-client.js';
import type { ServiceDescriptor } from './service-descriptor.js';
import { fromFetchRequest, type CallContext } from './transport.js';

export type RawClient<Paths extends {}> = Client<Paths, 'application/json'>;

/**
 * openapi-fetch over the same transport chain as the typed client (auth, signing, retries, deadlines,
 * typed transport errors), for anything the typed methods do not cover. Nothing is validated before
 * sending, and error answers come back as openapi-fetch's `{ error, response }`.
 */
export function createRawClient<Paths extends {}>(service: ServiceDescriptor, options: ClientOptions): RawClient<Paths> {
  const { baseUrl, send, timeoutMs, redact } = createTransport(service, options);
  return createClient<Paths, 'application/json'>({
    baseUrl: baseUrl.href.replace(/\/$/, ''),
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      const context: CallContext = {
        operation: `${request.method} ${path}`,
        idempotent: ['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method),
        deadline: Date.now() + timeoutMs,
        signal: undefined,
        target: () => ({ method: request.method, path }),
        attempts: 0,
        totalRetryDelay: 0,
      };
      try {
        return await send(await fromFetchRequest(request, context));
      } catch (error) {
        throw transportError(error, context, redact);
      }
    },
  });
}
