import { fillPath } from './path-template.js';
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
 * The HTTP request of a typed call. openapi-fetch is an optional peer (the typed client must not need
 * it), so this is the little of its serialization the specs use: path template, form-style query, JSON
 * body; test/src/one-pipeline.test.ts checks that both produce the same bytes.
 */
export function serializeRequest(
  baseUrl: URL,
  operation: OperationDescriptor,
  params: PreparedParams,
  body: unknown,
): SerializedRequest {
  const url = new URL(`${baseUrl.href.replace(/\/$/, '')}${fillPath(operation.path, params.path)}`);
  const query: string[] = [];
  for (const [name, value] of Object.entries(params.query)) {
    for (const item of Array.isArray(value) ? value : [value])
      query.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  if (query.length > 0) url.search = query.join('&');
  const headers = new Headers();
  for (const [name, value] of Object.entries(params.header)) headers.set(name, String(value));
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  return {
    method: operation.method.toUpperCase(),
    url,
    headers,
    body: body === undefined ? undefined : encoder.encode(JSON.stringify(body)),
  };
}
