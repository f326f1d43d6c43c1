import type { ServiceErrorName } from '../client/service-descriptor.js';

/**
 * Typed errors. Every error a client throws is a DbpassError; callers branch with `instanceof`.
 * None of them holds a secret: messages are built from codes, ids and the service's own message (with
 * known secrets redacted), never from request bodies or auth headers.
 */

export interface ErrorMetadata {
  /** HTTP status of the last response, if there was one. */
  readonly httpStatusCode?: number;
  /** Request id from the `X-Request-Id` header or the error body. */
  readonly requestId?: string;
  /** How many attempts were sent. */
  readonly attempts: number;
  /** Milliseconds spent waiting between attempts. */
  readonly totalRetryDelay: number;
}

export interface DbpassErrorOptions {
  code?: string;
  operation?: string;
  $metadata?: Partial<ErrorMetadata>;
  cause?: unknown;
}

export class DbpassError extends Error {
  override name = 'DbpassError';
  /** The cloud's error code (as the service sends it) or a dbpass code. */
  readonly code: string | undefined;
  /** The operationId of the call that failed. */
  readonly operation: string | undefined;
  readonly $metadata: ErrorMetadata;

  constructor(message: string, options: DbpassErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.operation = options.operation;
    this.$metadata = { attempts: 0, totalRetryDelay: 0, ...options.$metadata };
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      operation: this.operation,
      $metadata: this.$metadata,
    };
  }
}

/** One rule a request broke, found before anything was sent. */
export interface ValidationIssue {
  /** Where: `body.users[3].password`, `path.instance_id`. */
  readonly field: string;
  /** Stable rule code: `password.too-short`, `pattern`, `required`, ... */
  readonly rule: string;
  /** Names the rule; never contains the value. */
  readonly message: string;
}

/** The request broke the spec's rules; nothing was sent. */
export class ValidationError extends DbpassError {
  override name = 'ValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(operation: string | undefined, issues: readonly ValidationIssue[]) {
    super(
      `${operation ?? 'request'}: ${issues.length} invalid input${issues.length === 1 ? '' : 's'}, nothing was sent:\n` +
        issues.map((issue) => `- ${issue.field}: ${issue.message} [${issue.rule}]`).join('\n'),
      { code: 'ValidationError', ...(operation ? { operation } : {}) },
    );
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** The service answered with an error status. Subclasses say what kind. */
export class ServiceError extends DbpassError {
  override name = 'ServiceError';
}
/** 400 and other 4xx not listed below: the request must change before it is sent again. */
export class BadRequestError extends ServiceError {
  override name = 'BadRequestError';
}
/** 401: missing, invalid or expired token, bad or expired signature, failed Digest. */
export class AuthenticationError extends ServiceError {
  override name = 'AuthenticationError';
}
/** 403: the credentials have no permission for this resource. */
export class PermissionError extends ServiceError {
  override name = 'PermissionError';
}
/** 404: the instance, tenant, user or path does not exist. */
export class NotFoundError extends ServiceError {
  override name = 'NotFoundError';
}
/** 409: another operation is running on the instance; the same request may succeed later. */
export class ConflictError extends ServiceError {
  override name = 'ConflictError';
}
/** 429: throttled. */
export class ThrottlingError extends ServiceError {
  override name = 'ThrottlingError';
}
/** 5xx. */
export class ServerError extends ServiceError {
  override name = 'ServerError';
}

/** The request could not be sent or no response arrived. */
export class NetworkError extends DbpassError {
  override name = 'NetworkError';
}
/**
 * The server answered with a redirect (3xx), which is never followed: it would take the request's credentials
 * and body (new passwords) to wherever it points. `location` is where it pointed, without userinfo, query or
 * fragment (undefined when it named none).
 */
export class RedirectError extends DbpassError {
  override name = 'RedirectError';
  readonly location: string | undefined;

  constructor(message: string, location: string | undefined, options: DbpassErrorOptions = {}) {
    super(message, { code: 'Redirect', ...options });
    this.location = location;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), location: this.location };
  }
}

/** The request was not sent: it would have gone in plaintext to an address that is not loopback. */
export class InsecureEndpointError extends DbpassError {
  override name = 'InsecureEndpointError';
}

/** The per-attempt timeout or the call's deadline passed. */
export class TimeoutError extends DbpassError {
  override name = 'TimeoutError';
}

/**
 * The request may have reached the service and repeating it could apply it twice (a second job), or the
 * last attempt's fate is unknown after an earlier attempt may have been applied: the outcome is unknown.
 * `check` says what was targeted (ids and user names, never passwords) so that the caller can verify.
 */
export class OutcomeUnknownError extends DbpassError {
  override name = 'OutcomeUnknownError';
  readonly check: Readonly<Record<string, unknown>>;

  constructor(message: string, check: Readonly<Record<string, unknown>>, options: DbpassErrorOptions = {}) {
    super(message, { code: 'OutcomeUnknown', ...options });
    this.check = check;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), check: this.check };
  }
}

/** An asynchronous job ended in `Failed`. */
export class JobFailedError extends DbpassError {
  override name = 'JobFailedError';
  readonly jobId: string;
  readonly failReason: string | undefined;

  constructor(jobId: string, failReason: string | undefined, options: DbpassErrorOptions = {}) {
    super(`job ${jobId} failed${failReason ? `: ${failReason}` : ''}`, { code: 'JobFailed', ...options });
    this.jobId = jobId;
    this.failReason = failReason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jobId: this.jobId, failReason: this.failReason };
  }
}

const BY_STATUS: ReadonlyArray<[(status: number) => boolean, typeof ServiceError]> = [
  [(status) => status === 401, AuthenticationError],
  [(status) => status === 403, PermissionError],
  [(status) => status === 404, NotFoundError],
  [(status) => status === 409, ConflictError],
  [(status) => status === 429, ThrottlingError],
  [(status) => status >= 500, ServerError],
];

/** The classes a spec's `x-dbpass-error-codes` may name. */
export const SERVICE_ERRORS: Readonly<Record<ServiceErrorName, typeof ServiceError>> = {
  BadRequestError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ConflictError,
  ThrottlingError,
  ServerError,
};

/** The ServiceError subclass for an HTTP status (the service's code, when its spec lists it, decides first). */
export function statusErrorClass(status: number): typeof ServiceError {
  return BY_STATUS.find(([matches]) => matches(status))?.[1] ?? BadRequestError;
}
