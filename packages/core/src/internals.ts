// Entry point `@dbpass/core/internals`: the primitives under the auth schemes and the pipeline, for the
// emulator (which verifies signatures and Digest answers) and the bench. Not part of a client's surface.

export {
  type DigestChallenge,
  type DigestInput,
  digestAuthorization,
  digestAuthorizationAsync,
  digestHash,
  parseAuthParams,
  parseDigestChallenge,
} from './auth/digest.js';
export {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  type SignableRequest,
  type Signature,
  type SigningCredentials,
  signingKey,
  signRequest,
  signRequestAsync,
} from './auth/sign-request.js';
export { countCompliant, generationPolicy } from './generate-password.js';
export { characterClass } from './password-policy.js';
export { fillPath, type OperationMatch, operationMatcher } from './path-template.js';
export { checkEndpoint, isLoopback, resolveBaseUrl } from './resolve-base-url.js';
export { type AttemptFacts, decideRetry, type Verdict } from './retry-decision.js';
export { backoffMs, NOT_SENT_ERROR_CODES, retryAfterMs } from './retry-policy.js';
export { validateRequest } from './validate-request.js';
