import type { ServiceInfo } from '../client/service-descriptor.js';
import type { Middleware, OutgoingRequest, Send } from '../pipeline/transport.js';
import { missingCredential } from './env.js';

/** What an auth scheme may use from the client it is plugged into. */
export interface AuthContext {
  readonly service: ServiceInfo;
  readonly region: string | undefined;
  readonly projectId: string | undefined;
  /** The plain transport (no auth, no retries), for calls of the auth's own such as IAM token requests. */
  readonly send: Send;
}

/** The security schemes a spec may list (`components.securitySchemes` names). */
export type AuthScheme = 'iamToken' | 'akSk' | 'digest';

/**
 * One auth scheme. Each factory (`iamToken`, `akSk`, `oceanbaseDigest`) returns one; secrets stay in its
 * closure, never in an enumerable property.
 */
export interface Auth<Scheme extends AuthScheme = AuthScheme> {
  /** The spec's security scheme this implements; a client accepts only the schemes its spec lists. */
  readonly scheme: Scheme;
  /** The middleware that authenticates every attempt (the last step before the wire). */
  middleware(context: AuthContext): Middleware;
  /** The text with every secret this auth holds replaced by `[REDACTED]`. */
  redact(text: string): string;
}

/** Replaces each non-empty secret in the text. */
export function redactAll(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out;
}

/** The credential, or a TypeError saying how to give it (the variable it may come from, where there are variables). */
export function requireValue(value: string | undefined, what: string, variable: string): string {
  if (value === undefined || value === '') throw new TypeError(missingCredential(what, variable));
  return value;
}

/** The request with one header set (the caller's request is left as it is: a retry signs its own copy). */
export function withHeader(request: OutgoingRequest, name: string, value: string): OutgoingRequest {
  const headers = new Headers(request.headers);
  headers.set(name, value);
  return { ...request, headers };
}
