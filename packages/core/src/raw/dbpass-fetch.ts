import { type CallLimits, callContext, unmatchedContext } from '../client/call-context.js';
import type { Transport } from '../client/create-transport.js';
import type { ServiceDescriptor } from '../client/service-descriptor.js';
import type { FetchFunction } from '../pipeline/transport.js';
import { type OperationMatch, operationMatcher } from '../request/path-template.js';
import type { PreparedParams } from '../request/prepare-request.js';
import { readable } from '../response/response-body.js';
import { checkEndpoint } from '../wire/resolve-base-url.js';

const decoder = new TextDecoder();

function jsonOrUndefined(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

/** The request's path below the base URL's own path, if it has one. */
function pathBelow(base: URL, url: URL): string {
  const prefix = base.pathname.replace(/\/$/, '');
  return prefix && url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : url.pathname;
}

/** What an openapi-fetch request is for: its operation in the table, its params, its body. */
export function describeRequest(
  match: OperationMatch | undefined,
  method: string,
  url: URL,
  body: Uint8Array | undefined,
  limits: CallLimits,
) {
  if (!match) return unmatchedContext(method, url, limits);
  const params: PreparedParams = { path: match.path, query: Object.fromEntries(url.searchParams), header: {} };
  return callContext(match, params, jsonOrUndefined(body), limits);
}

/**
 * dbpass's transport as a fetch function, for openapi-fetch's `fetch` option: each request is matched to
 * its operation by method and path template, so a raw request gets the same idempotency, target ids,
 * deadline, caller signal, per-attempt signing, retries and typed transport errors as a typed call.
 */
export function transportFetch(service: ServiceDescriptor, transport: Transport): FetchFunction {
  const match = operationMatcher(service);
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== transport.baseUrl.origin) checkEndpoint(url);
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const method = request.method.toUpperCase();
    const context = describeRequest(match(method, pathBelow(transport.baseUrl, url)), method, url, body, {
      signal: request.signal,
      timeoutMs: transport.timeoutMs,
    });
    return readable(await transport.execute({ method, url, headers: new Headers(request.headers), body }, context));
  };
}
