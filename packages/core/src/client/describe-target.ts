import type { PreparedParams } from '../request/prepare-request.js';
import type { JsonSchema, OperationDescriptor } from './service-descriptor.js';

type Schema = JsonSchema & { properties?: Record<string, Schema>; items?: Schema; 'x-password-policy'?: unknown };

/** The value with every password field (a property with x-password-policy) left out. */
function withoutPasswords(schema: Schema | undefined, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutPasswords(schema?.items, item));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    const fieldSchema = schema?.properties?.[name];
    if (fieldSchema?.['x-password-policy'] || /password/i.test(name)) continue;
    out[name] = withoutPasswords(fieldSchema, field);
  }
  return out;
}

/** What a call targets, for a caller who must check its outcome: ids, names, hosts; never a password. */
export function describeTarget(
  operationId: string,
  operation: OperationDescriptor,
  params: PreparedParams,
  body: unknown,
  sentAt: number,
): Record<string, unknown> {
  return {
    operation: operationId,
    ...params.path,
    ...params.query,
    ...(body === undefined ? {} : { body: withoutPasswords(operation.body?.schema as Schema | undefined, body) }),
    sentAt: new Date(sentAt).toISOString(),
  };
}
