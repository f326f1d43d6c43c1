import type { Client } from 'openapi-fetch';
import { type ClientOptions, createTransport } from '../client/create-transport.js';
import type { ServiceDescriptor } from '../client/service-descriptor.js';
import type { FetchFunction } from '../pipeline/transport.js';
import { transportFetch } from './dbpass-fetch.js';
import { loadOpenapiFetch } from './load-openapi-fetch.js';
import { pathGuard } from './path-guard.js';

export type RawClient<Paths extends {}> = Client<Paths, 'application/json'>;

const { default: createClient } = await loadOpenapiFetch();

/**
 * openapi-fetch over the same transport chain as the typed client (auth, signing, retries, deadlines,
 * typed transport errors), for anything the typed methods do not cover. Nothing is validated before
 * sending, and error answers come back as openapi-fetch's `{ error, response }`.
 */
export function createRawClient<Paths extends {}>(
  service: ServiceDescriptor,
  options: ClientOptions,
): RawClient<Paths> {
  const transport = createTransport(service, options);
  const client = createClient<Paths, 'application/json'>({
    baseUrl: transport.baseUrl.href.replace(/\/$/, ''),
    fetch: transportFetch(service, transport),
  });
  client.use(pathGuard(service));
  return client;
}

/**
 * dbpass's transport as the `fetch` option of a user's own openapi-fetch client. A fetch sees the URL after a `.`
 * or `..` path parameter has been removed from it, so it cannot refuse one: the raw client and the auth middleware
 * check path parameters before sending.
 */
export function createTransportFetch(service: ServiceDescriptor, options: ClientOptions): FetchFunction {
  return transportFetch(service, createTransport(service, options));
}
