// Entry point `@dbpass/core`: what a generated client package builds on and re-exports to its users, and the
// chain's public middleware steps. The checks on where a client sends are in `@dbpass/core/guards`; signing and
// Digest primitives that only the emulator and the bench use are in `@dbpass/core/internals`.

export { type AkSkOptions, akSk } from './auth/ak-sk.js';
export type { Auth, AuthContext, AuthScheme } from './auth/auth.js';
export { type IamPasswordOptions, type IamScope, type IamStaticOptions, iamToken } from './auth/iam-token.js';
export { type DigestOptions, oceanbaseDigest } from './auth/oceanbase-digest.js';
export { type CallOptions, createServiceClient, type ServiceClient } from './client/create-service-client.js';
export type { ClientOptions } from './client/create-transport.js';
export type {
  CharacterClass,
  EnvelopeDescriptor,
  ErrorsDescriptor,
  JsonSchema,
  OperationDescriptor,
  ParameterDescriptor,
  PasswordPolicy,
  ServerDescriptor,
  ServiceDescriptor,
  ServiceErrorName,
  ServiceInfo,
} from './client/service-descriptor.js';
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DbpassError,
  type ErrorMetadata,
  InsecureEndpointError,
  JobFailedError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionError,
  RedirectError,
  ServerError,
  ServiceError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from './errors/errors.js';
export {
  type GeneratedPassword,
  type GeneratePasswordOptions,
  generatePassword,
  SHELL_SPECIAL_CHARACTERS,
  URL_SPECIAL_CHARACTERS,
} from './passwords/generate-password.js';
export { type PasswordContext, type PolicyViolation, validatePassword } from './passwords/password-policy.js';
export { MIDDLEWARE_STEPS, type MiddlewareEntry, type MiddlewareStep } from './pipeline/middleware-steps.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryAfterMs } from './pipeline/retry-policy.js';
export { sleep } from './pipeline/sleep.js';
export type { CallContext, FetchFunction, Middleware, OutgoingRequest, Send } from './pipeline/transport.js';
export { fillPath } from './request/path-template.js';
export type { PreparedParams } from './request/prepare-request.js';
export { validateRequest } from './request/validate-request.js';
export { type ResponseBody, readWhole as readResponseBody } from './response/response-body.js';
