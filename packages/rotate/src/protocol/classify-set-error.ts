import {
  BadRequestError,
  DbpassError,
  JobFailedError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '@dbpass/client-taurusdb';

/**
 * Whether a failed set may still have been applied. `definite`: the service refused it (validation, 4xx, a 500,
 * a failed job), so the database still has CURRENT. `unknown`: the request may have run (lost answer, timeout,
 * a gateway's 502/504, OutcomeUnknownError).
 */
export function classifySetError(error: unknown): 'definite' | 'unknown' {
  if (error instanceof OutcomeUnknownError || error instanceof NetworkError || error instanceof TimeoutError)
    return 'unknown';
  if (error instanceof ServerError) return error.$metadata.httpStatusCode === 500 ? 'definite' : 'unknown';
  if (error instanceof DbpassError) return 'definite';
  return 'unknown';
}

/** The cloud's error code, for the audit log. */
export const errorCode = (error: unknown): string | undefined =>
  error instanceof DbpassError ? error.code : undefined;

/**
 * Whether a refused batch may have been refused for one of its users (a name or host the API does not accept, a
 * user it does not know, a job that failed): then the batch is split. Refusals of the caller (credentials,
 * permissions, throttling, a conflicting operation, a server error) are the same for every user and are not.
 */
export const mayConcernOneUser = (error: unknown): boolean =>
  error instanceof ValidationError ||
  error instanceof BadRequestError ||
  error instanceof NotFoundError ||
  error instanceof JobFailedError;
