import type { ErrorsDescriptor, ServiceErrorName } from '../client/service-descriptor.js';
import { SERVICE_ERRORS, type ServiceError, statusErrorClass } from '../errors/errors.js';

export interface ParsedError {
  code?: string;
  message?: string;
  requestId?: string;
}

const pick = (body: Record<string, unknown>, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
};

/**
 * Reads an error body in the common shapes: snake_case `{error_code, error_msg, request_id}`, camelCase
 * `{errorCode, errorMessage, requestId}`, and the generic `{code, message}` and `{error: {...}}`. A body
 * that is not JSON gives only what the headers say.
 */
export function parseErrorBody(body: unknown, headers: Headers): ParsedError {
  let object: Record<string, unknown> | undefined;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') object = parsed as Record<string, unknown>;
    } catch {
      object = undefined;
    }
  } else if (body && typeof body === 'object') {
    object = body as Record<string, unknown>;
  }
  if (object?.error && typeof object.error === 'object') object = object.error as Record<string, unknown>;
  const parsed: ParsedError = {};
  const code = object && pick(object, 'error_code', 'errorCode', 'code');
  const message = object && pick(object, 'error_msg', 'errorMessage', 'message');
  const requestId = headers.get('x-request-id') ?? (object && pick(object, 'request_id', 'requestId'));
  if (code) parsed.code = code;
  if (message) parsed.message = message;
  if (requestId) parsed.requestId = requestId;
  return parsed;
}

export interface ErrorContext {
  operation: string;
  status: number;
  attempts: number;
  totalRetryDelay: number;
  redact: (text: string) => string;
  /** The service's error codes (from its spec). */
  errors?: ErrorsDescriptor | undefined;
}

/** The typed error for an error response. */
export function errorFromResponse(parsed: ParsedError, context: ErrorContext): ServiceError {
  const codes = context.errors?.codes ?? {};
  const named = (Object.keys(codes) as ServiceErrorName[]).find((name) => codes[name]?.includes(parsed.code ?? ''));
  const ErrorClass = named ? SERVICE_ERRORS[named] : statusErrorClass(context.status);
  // A code is the server's text too: one that echoes a secret must not carry it into the error.
  const code = parsed.code && context.redact(parsed.code);
  const what = [code, parsed.message && context.redact(parsed.message)].filter(Boolean).join(' ');
  const message = `${context.operation} failed with HTTP ${context.status}${what ? `: ${what}` : ''}${parsed.requestId ? ` (request id ${parsed.requestId})` : ''}`;
  return new ErrorClass(message, {
    operation: context.operation,
    ...(code ? { code } : {}),
    $metadata: {
      httpStatusCode: context.status,
      ...(parsed.requestId ? { requestId: parsed.requestId } : {}),
      attempts: context.attempts,
      totalRetryDelay: context.totalRetryDelay,
    },
  });
}
