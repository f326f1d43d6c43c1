// Entry point `@dbpass/core/internals`: the primitives under the auth schemes and the pipeline, for the
// emulator (which verifies signatures and Digest answers), the bench, and the rotation stores (the loopback
// rule for plaintext). Not part of a client's surface.

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
export { isAddressLiteral, isLoopbackAddress, NOT_LOOPBACK_CODE, plaintextRefusal } from './loopback.js';
export { type LookupFunction, loopbackOnlyLookup } from './loopback-lookup.js';
export { characterClass } from './password-policy.js';
export { fillPath, type OperationMatch, operationMatcher } from './path-template.js';
export { checkEndpoint, resolveBaseUrl } from './resolve-base-url.js';
export { type AttemptFacts, decideRetry, type Verdict } from './retry-decision.js';
export { backoffMs, NOT_SENT_ERROR_CODES, retryAfterMs } from './retry-policy.js';
export { validateRequest } from './validate-request.js';
export { redirectTarget } from './wire-guard.js';
