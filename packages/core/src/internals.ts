// Entry point `@dbpass/core/internals`: the primitives under the auth schemes and the pipeline, for the
// emulator (which verifies signatures and Digest answers) and the bench. Not part of a client's surface.
export {
  signRequest,
  signRequestAsync,
  signingKey,
  canonicalRequest,
  canonicalUri,
  canonicalQuery,
  formatSdkDate,
  parseSdkDate,
  parseAuthorization,
  type SignableRequest,
  type Signature,
  type SigningCredentials,
} from './auth/sign-request.js';
export { digestAuthorization, digestAuthorizationAsync, parseDigestChallenge, parseAuthParams, digestHash, type DigestChallenge, type DigestInput } from './auth/digest.js';
export { characterClass } from './password-policy.js';
export { countCompliant, generationPolicy } from './generate-password.js';
export { validateRequest } from './validate-request.js';
export { resolveBaseUrl, checkEndpoint, isLoopback } from './resolve-base-url.js';
export { decideRetry, type AttemptFacts, type Verdict } from './retry-decision.js';
export { NOT_SENT_ERROR_CODES, retryAfterMs, backoffMs } from './retry-policy.js';
export { operationMatcher, fillPath, type OperationMatch } from './path-template.js';
