import type { PreparedParams } from './prepare-request.js';
import type { OperationDescriptor } from './service-descriptor.js';

export interface SerializedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
}

const encoder = new TextEncoder();

/**
 * The HTTP request of a typed call, built straight from the operation table (as openapi-fetch would:
 * path parameters percent-encoded, query parameters in form style, JSON body), without a Request
 * object whose body stream would have to be read back for signing.
 */
export function serializeRequest(baseUrl: URL, operation: OperationDescriptor, params: PreparedParams, body: unknown): SerializedRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params.path[name])));
  const url = new URL(`${baseUrl.href.replace(/\/$/, '')}${path}`);
  const query: string[] = [];
  for (const [name, value] of Object.entries(params.query)) {
    for (const item of Array.isArray(value) ? value : [value]) query.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  if (query.length > 0) url.search = query.join('&');
  const headers = new Headers();
  for (const [name, value] of Object.entries(params.header)) headers.set(name, String(value));
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  return { method: operation.method.toUpperCase(), url, headers, body: body === undefined ? undefined : encoder.encode(JSON.stringify(body)) };
}
