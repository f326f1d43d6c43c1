import type { OperationDescriptor } from '../client/service-descriptor.js';
import { fillPath } from './path-template.js';
import type { PreparedParams } from './prepare-request.js';

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
 * body; test/src/one-pipeline.e2e.test.ts checks that both produce the same bytes.
 */
export function serializeRequest(
  baseUrl: URL,
  operation: OperationDescriptor,
  params: PreparedParams,
  body: unknown,
  operationId?: string,
): SerializedRequest {
  const url = new URL(`${baseUrl.href.replace(/\/$/, '')}${fillPath(operation.path, params.path, operationId)}`);
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

const SECRET_FIELD = /password|secret|token/i;

/**
 * The secrets a request body carries (every string under a key that names a password, secret or token, at any
 * depth): a server that echoes them in its error message must not put them in the error dbpass throws.
 */
export function requestSecrets(body: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, secret: boolean): void => {
    if (typeof value === 'string') {
      if (secret && value !== '') found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, secret);
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, secret || SECRET_FIELD.test(key));
    }
  };
  visit(body, false);
  return found;
}
