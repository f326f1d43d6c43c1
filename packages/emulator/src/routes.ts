import type { OperationDescriptor, ServiceDescriptor } from '@dbpass/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { EmulatorRequest } from './http.js';

/** A spec operation the emulator serves, with validators compiled from the same operation table as the clients. */
export interface Route {
  readonly operationId: string;
  readonly operation: OperationDescriptor;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly validateBody: ValidateFunction | undefined;
  readonly validateParameter: ReadonlyMap<string, ValidateFunction>;
}

export interface Matched {
  readonly route: Route;
  readonly path: Record<string, string>;
  readonly body: unknown;
}

export interface SchemaFailure {
  readonly where: string;
  readonly message: string;
}

// x-* keywords are data for dbpass, not JSON Schema: the policy checks are the handlers' job.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

export function buildRoutes(service: ServiceDescriptor): Route[] {
  return Object.entries(service.operations).map(([operationId, operation]) => {
    const names: string[] = [];
    const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return {
      operationId,
      operation,
      pattern: new RegExp(`^${source}$`),
      names,
      validateBody: operation.body ? ajv.compile(operation.body.schema) : undefined,
      validateParameter: new Map(
        operation.parameters.map((parameter) => [
          `${parameter.in}.${parameter.name.toLowerCase()}`,
          ajv.compile(parameter.schema),
        ]),
      ),
    };
  });
}

/** A request's operation and its decoded path parameters; `malformed` names a parameter whose percent-escapes are invalid. */
export interface RouteMatch {
  readonly route: Route;
  readonly path: Record<string, string>;
  readonly malformed?: string;
}

export function matchRoute(routes: readonly Route[], request: EmulatorRequest): RouteMatch | undefined {
  for (const route of routes) {
    if (route.operation.method.toUpperCase() !== request.method) continue;
    const match = route.pattern.exec(request.url.pathname);
    if (!match) continue;
    const path: Record<string, string> = {};
    let malformed: string | undefined;
    route.names.forEach((name, index) => {
      const raw = match[index + 1]!;
      try {
        path[name] = decodeURIComponent(raw);
      } catch {
        malformed ??= name;
        path[name] = raw;
      }
    });
    return malformed ? { route, path, malformed } : { route, path };
  }
  return undefined;
}

/** `body.users[0].password must ...`: the location once, in the dotted form a caller reads. */
function describeErrors(where: string, errors: ValidateFunction['errors']): string {
  return (errors ?? [])
    .map((error) => {
      const location = error.instancePath
        .split('/')
        .slice(1)
        .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`), where);
      return `${location} ${error.message ?? 'is invalid'}`;
    })
    .join('; ');
}

/**
 * A parameter as its schema declares it: a query string, header or path segment is text on the wire, so
 * `limit=10` is the integer 10 (and `limit=ten` stays text, which the schema then refuses as not an integer).
 */
export function parameterValue(schema: { readonly [key: string]: unknown }, raw: string): unknown {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

/** Parameters and body against the spec's schemas: every failure, or the parsed body and query parameters. */
export function validateAgainstSpec(
  route: Route,
  request: EmulatorRequest,
  path: Record<string, string>,
): { failures: SchemaFailure[]; body: unknown; params: Record<string, unknown> } {
  const failures: SchemaFailure[] = [];
  const params: Record<string, unknown> = {};
  for (const parameter of route.operation.parameters) {
    const raw =
      parameter.in === 'path'
        ? path[parameter.name]
        : parameter.in === 'query'
          ? (request.url.searchParams.get(parameter.name) ?? undefined)
          : parameter.in === 'header'
            ? (request.headers[parameter.name.toLowerCase()] as string | undefined)
            : undefined;
    const where = `${parameter.in}.${parameter.name}`;
    if (raw === undefined) {
      if (parameter.required) failures.push({ where, message: `${where} is required` });
      continue;
    }
    const validate = route.validateParameter.get(`${parameter.in}.${parameter.name.toLowerCase()}`)!;
    const value = parameterValue(parameter.schema, raw);
    if (!validate(value)) failures.push({ where, message: describeErrors(where, validate.errors) });
    else if (parameter.in === 'query') params[parameter.name] = value;
  }
  let body: unknown;
  if (route.operation.body) {
    if (request.body.length === 0) {
      if (route.operation.body.required) failures.push({ where: 'body', message: 'body is required' });
    } else {
      try {
        body = JSON.parse(request.body.toString('utf8'));
        if (!route.validateBody!(body))
          failures.push({ where: 'body', message: describeErrors('body', route.validateBody!.errors) });
      } catch {
        failures.push({ where: 'body', message: 'body is not JSON' });
      }
    }
  }
  return { failures, body, params };
}
