import type { OperationDescriptor } from '../client/service-descriptor.js';

export interface PreparedParams {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
}

export interface PrepareDefaults {
  projectId: string | undefined;
}

/**
 * Splits a call's flat input (`{instance_id, body, ...}`) into openapi-fetch's path/query/header params by
 * the operation table, filling the defaults the spec declares (`x-dbpass-default`).
 */
export function prepareParams(
  operation: OperationDescriptor,
  input: Record<string, unknown>,
  defaults: PrepareDefaults,
): PreparedParams {
  const params: PreparedParams = { path: {}, query: {}, header: {} };
  for (const parameter of operation.parameters) {
    if (parameter.in === 'cookie' || parameter.setBy) continue;
    let value = input[parameter.name];
    if (value === undefined && parameter.default === 'projectId') value = defaults.projectId;
    if (value === undefined && parameter.default === 'uuid') value = crypto.randomUUID();
    if (value !== undefined) params[parameter.in][parameter.name] = value;
  }
  return params;
}
