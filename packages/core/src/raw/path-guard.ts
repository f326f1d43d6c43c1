import type { Middleware, MiddlewareCallbackParams } from 'openapi-fetch';
import type { ServiceDescriptor } from '../client/service-descriptor.js';
import { ValidationError } from '../errors/errors.js';
import { type OperationMatcher, operationMatcher, pathSegmentIssues } from '../request/path-template.js';

/**
 * openapi-fetch fills the path template itself and its Request's URL parser has already removed a `.` or `..`
 * segment by the time dbpass sees the URL, so the parameters are checked against the template here, before
 * anything is sent: the same ValidationError as a typed call's (`fillPath`).
 */
export function checkPathParams(
  match: OperationMatcher,
  { request, schemaPath, params }: Pick<MiddlewareCallbackParams, 'request' | 'schemaPath' | 'params'>,
): void {
  const issues = pathSegmentIssues(schemaPath, params.path ?? {});
  if (issues.length > 0) throw new ValidationError(match(request.method, schemaPath)?.operationId, issues);
}

/** The check as an openapi-fetch middleware, the first of a raw client's. */
export function pathGuard(service: ServiceDescriptor): Middleware {
  const match = operationMatcher(service);
  return {
    onRequest(options) {
      checkPathParams(match, options);
    },
  };
}
