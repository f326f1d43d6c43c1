// Entry point `@dbpass/core`: what a generated client package builds on and re-exports to its users.
// Signing and Digest primitives that only the emulator and the bench use are in `@dbpass/core/internals`.

export { type AkSkOptions, akSk } from './auth/ak-sk.js';
export type { Auth, AuthContext, AuthScheme } from './auth/auth.js';
export { type IamPasswordOptions, type IamScope, type IamStaticOptions, iamToken } from './auth/iam-token.js';
export { type DigestOptions, oceanbaseDigest } from './auth/oceanbase-digest.js';
export { type CallOptions, createServiceClient, type ServiceClient } from './create-service-client.js';
export type { ClientOptions } from './create-transport.js';
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
} from './errors.js';
export {
  type GeneratedPassword,
  type GeneratePasswordOptions,
  generatePassword,
  SHELL_SPECIAL_CHARACTERS,
  URL_SPECIAL_CHARACTERS,
} from './generate-password.js';
export { type PasswordContext, type PolicyViolation, validatePassword } from './password-policy.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
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
} from './service-descriptor.js';
export { sleep } from './sleep.js';
export type { CallContext, FetchFunction, Middleware, OutgoingRequest, Send } from './transport.js';
