import type { AuthScheme } from '../auth/auth.js';

/** The data a generated package hands to the core: taken from its spec, nothing written by hand. */

export type CharacterClass = 'upper' | 'lower' | 'digit' | 'special';

/** A password field's policy, from the spec's `x-password-policy` extension. */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  readonly classes: readonly CharacterClass[];
  readonly minClasses: number;
  /** The exact special characters allowed (the documented reading, used for validation). */
  readonly specials: string;
  /** Must differ from this sibling field (the user name) and, if `reversed`, from its reverse. */
  readonly notUserName?: { readonly field: string; readonly reversed: boolean };
  /** The service also rejects dictionary passwords that no client can check. */
  readonly weakPasswordCheck?: boolean;
  /** The strictest reading where sources disagree, used for generation. */
  readonly generate?: { readonly minClasses?: number; readonly specials?: string };
  /**
   * Substrings a documented client cannot send to the database intact (a transport's limit, not the service's
   * rule): the service accepts them, and so does validatePassword; generatePassword never produces them.
   */
  readonly unsendable?: readonly string[];
}

/** A JSON Schema (2020-12) as the spec writes it, documentation stripped. */
export type JsonSchema = { readonly [key: string]: unknown };

export interface ParameterDescriptor {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** Filled by the client when the call leaves it out: the client's `projectId`, or a fresh UUID. */
  readonly default?: 'projectId' | 'uuid';
  /** Set by this auth scheme as it signs (X-Sdk-Date, X-Project-Id), never by the caller. */
  readonly setBy?: 'akSk';
  readonly schema: JsonSchema;
}

export interface OperationDescriptor {
  readonly method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  readonly path: string;
  readonly successStatus: number;
  /** Whether sending the same request twice leaves the same end state (safe to retry). */
  readonly idempotent: boolean;
  readonly parameters: readonly ParameterDescriptor[];
  readonly body?: { readonly required: boolean; readonly schema: JsonSchema };
}

export interface ServerDescriptor {
  readonly url: string;
  readonly variables?: { readonly [name: string]: { readonly default: string; readonly enum?: readonly string[] } };
  /** Variables that differ by region (Huawei's host prefix). */
  readonly 'x-dbpass-region-variables'?: { readonly [region: string]: { readonly [name: string]: string } };
  /** A fixed server's region name (a cloud with one host per site). */
  readonly 'x-dbpass-region'?: string;
}

/** The ServiceError subclass a cloud's error code maps to (the spec's `x-dbpass-error-codes`). */
export type ServiceErrorName =
  | 'BadRequestError'
  | 'AuthenticationError'
  | 'PermissionError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'ThrottlingError'
  | 'ServerError';

export interface ErrorsDescriptor {
  /** Class -> its error codes; a listed code decides over the HTTP status where they disagree. */
  readonly codes: { readonly [name in ServiceErrorName]?: readonly string[] };
  /** Codes that mean "busy, try again later": the request was not carried out, so it is retried. */
  readonly transient: readonly string[];
}

/** A failure reported inside a 2xx answer (the spec's `x-dbpass-envelope`): `field` equal to `failure`. */
export interface EnvelopeDescriptor {
  readonly field: string;
  readonly failure: string | number | boolean;
}

/** What a client needs of its service for any call: hosts, auth, error codes; no operation. */
export interface ServiceInfo {
  readonly name: string;
  readonly title: string;
  readonly servers: readonly ServerDescriptor[];
  /** The auth schemes the spec's `security` accepts. */
  readonly security: readonly AuthScheme[];
  readonly iam?: {
    readonly global: string;
    readonly regional: string;
    /** Codes of a 403 that mean the token was refused (so one refresh may help). */
    readonly tokenRejectedCodes?: readonly string[];
  };
  readonly errors?: ErrorsDescriptor;
  readonly envelope?: EnvelopeDescriptor;
}

/** A service with every operation of its spec (for matching a raw request to its operation). */
export interface ServiceDescriptor extends ServiceInfo {
  readonly operations: { readonly [operationId: string]: OperationDescriptor };
}
