// Entry point `@dbpass/core`: what a generated client package builds on and re-exports to its users.
// Signing and Digest primitives that only the emulator and the bench use are in `@dbpass/core/internals`.
export { createServiceClient, type CallOptions, type ServiceClient } from './create-service-client.js';
export type { ClientOptions } from './create-transport.js';
export type { Auth, AuthContext, AuthScheme } from './auth/auth.js';
export { akSk, type AkSkOptions } from './auth/ak-sk.js';
export { iamToken, type IamPasswordOptions, type IamScope, type IamStaticOptions } from './auth/iam-token.js';
export { oceanbaseDigest, type DigestOptions } from './auth/oceanbase-digest.js';
export {
  DbpassError,
  ValidationError,
  ServiceError,
  BadRequestError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ConflictError,
  ThrottlingError,
  ServerError,
  NetworkError,
  TimeoutError,
  JobFailedError,
  OutcomeUnknownError,
  type ErrorMetadata,
  type ValidationIssue,
} from './errors.js';
export { validatePassword, type PasswordContext, type PolicyViolation } from './password-policy.js';
export { sleep } from './sleep.js';
export type { Middleware, OutgoingRequest, Send, CallContext, FetchFunction } from './transport.js';
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
} from './service-descriptor.js';
export {
  generatePassword,
  SHELL_SPECIAL_CHARACTERS,
  URL_SPECIAL_CHARACTERS,
  type GeneratePasswordOptions,
  type GeneratedPassword,
} from './generate-password.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
