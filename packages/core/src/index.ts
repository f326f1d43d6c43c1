export { createServiceClient, type CallOptions, type ClientOptions, type ServiceClient } from './create-service-client.js';
export type { Auth, AuthContext } from './auth/auth.js';
export { akSk, type AkSkOptions } from './auth/ak-sk.js';
export { iamToken, type IamPasswordOptions, type IamScope, type IamStaticOptions } from './auth/iam-token.js';
export { oceanbaseDigest, type OceanBaseDigestOptions } from './auth/oceanbase-digest.js';
export { signRequest, signRequestAsync, canonicalRequest, canonicalUri, canonicalQuery, formatSdkDate, parseSdkDate, parseAuthorization, type SignableRequest, type Signature, type SigningCredentials } from './auth/sign-request.js';
export { digestAuthorization, digestAuthorizationAsync, parseDigestChallenge, parseAuthParams, digestHash, type DigestChallenge, type DigestInput } from './auth/digest.js';
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
export { validatePassword, characterClass, type PasswordContext, type PolicyViolation } from './password-policy.js';
export { validateRequest } from './validate-request.js';
export { changeDatabaseUserPasswordsAndWait, waitForJob, type DatabaseUserPasswordClient, type JobInfo, type JobQueryClient, type WaitForJobOptions } from './wait-for-job.js';
export { resolveBaseUrl, checkEndpoint, isLoopback } from './resolve-base-url.js';
export type { Middleware, OutgoingRequest, Send, CallContext, FetchFunction } from './transport.js';
export type {
  CharacterClass,
  JsonSchema,
  OperationDescriptor,
  ParameterDescriptor,
  PasswordPolicy,
  ServerDescriptor,
  ServiceDescriptor,
} from './service-descriptor.js';
export {
  generatePassword,
  generationPolicy,
  countCompliant,
  SHELL_SPECIAL_CHARACTERS,
  URL_SPECIAL_CHARACTERS,
  type GeneratePasswordOptions,
  type GeneratedPassword,
} from './generate-password.js';
export { DEFAULT_RETRY_POLICY, NOT_SENT_ERROR_CODES, retryAfterMs, backoffMs, type RetryPolicy } from './retry-policy.js';
export { ERROR_CODES, TRANSIENT_CODES } from './error-codes.js';
