import type { OperationDescriptor, ServiceDescriptor } from './service-descriptor.js';

const PARAMETER = /\{([^{}]+)\}/g;

/** The path of a template with each `{name}` replaced by its value, percent-encoded (as openapi-fetch does). */
export function fillPath(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(PARAMETER, (_, name: string) => encodeURIComponent(String(values[name])));
}

export interface OperationMatch {
  readonly operationId: string;
  readonly operation: OperationDescriptor;
  /** The path parameters, decoded. */
  readonly path: Readonly<Record<string, string>>;
}

export type OperationMatcher = (method: string, pathname: string) => OperationMatch | undefined;

interface CompiledTemplate {
  readonly operationId: string;
  readonly operation: OperationDescriptor;
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

function compile(operationId: string, operation: OperationDescriptor): CompiledTemplate {
  const parts = operation.path.split(PARAMETER);
  const names = parts.filter((_, index) => index % 2 === 1);
  const source = parts.map((part, index) => (index % 2 === 1 ? '([^/]+)' : escapeRegExp(part))).join('');
  return {
    operationId,
    operation,
    method: operation.method.toUpperCase(),
    template: operation.path,
    pattern: new RegExp(`^${source}$`),
    names,
  };
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Finds the operation a request is for, by method and path template: the same table then gives the raw
 * and the typed entry their semantics (idempotency, target). `pathname` may also be a template itself
 * (openapi-fetch middleware sees `schemaPath`).
 */
export function operationMatcher(service: ServiceDescriptor): OperationMatcher {
  const compiled = Object.entries(service.operations).map(([id, operation]) => compile(id, operation));
  return (method, pathname) => {
    const upper = method.toUpperCase();
    for (const candidate of compiled) {
      if (candidate.method !== upper) continue;
      if (candidate.template === pathname)
        return { operationId: candidate.operationId, operation: candidate.operation, path: {} };
      const found = candidate.pattern.exec(pathname);
      if (!found) continue;
      const path = Object.fromEntries(candidate.names.map((name, index) => [name, decode(found[index + 1] ?? '')]));
      return { operationId: candidate.operationId, operation: candidate.operation, path };
    }
    return undefined;
  };
}
