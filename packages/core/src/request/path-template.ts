import type { OperationDescriptor, ServiceDescriptor } from '../client/service-descriptor.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';

const PARAMETER = /\{([^{}]+)\}/g;

/**
 * WHATWG URL parsers (fetch, `new URL`) take `.` and `..` segments, and their percent-encoded forms `%2E%2E`, as
 * steps in the path and remove them: no encoding keeps such a value in its segment, so it is refused. An empty one
 * would leave `//`, which some servers and proxies merge.
 */
function segmentProblem(value: string): string | undefined {
  if (value === '') return 'must not be empty: the path would hold an empty segment';
  if (value === '.' || value === '..')
    return `must not be "${value}": a URL parser takes it as a step in the path and the request would leave its own`;
  return undefined;
}

/** The path parameters whose value cannot stay inside its own path segment. */
export function pathSegmentIssues(template: string, values: Readonly<Record<string, unknown>>): ValidationIssue[] {
  return [...template.matchAll(PARAMETER)].flatMap(([, name]) => {
    const message = segmentProblem(String(values[name!]));
    return message ? [{ field: `path.${name}`, rule: 'path-segment', message }] : [];
  });
}

/**
 * The path of a template with each `{name}` replaced by its value, percent-encoded (as openapi-fetch does).
 * Throws ValidationError (nothing is sent) for a value that would not stay in its segment (see `pathSegmentIssues`).
 */
export function fillPath(template: string, values: Readonly<Record<string, unknown>>, operationId?: string): string {
  const issues = pathSegmentIssues(template, values);
  if (issues.length > 0) throw new ValidationError(operationId, issues);
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
