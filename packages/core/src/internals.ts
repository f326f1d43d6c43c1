// Entry point `@dbpass/core/internals`: the primitives under the auth schemes and the pipeline, for the emulator
// (which verifies signatures and Digest answers) and the bench only; a Biome rule (biome.json) refuses it anywhere
// else. Not part of a client's surface, and not a stable API: what other code needs has a public home
// (`@dbpass/core`, `@dbpass/core/guards`).

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
export { countCompliant, generationPolicy } from './passwords/generate-password.js';
export { characterClass } from './passwords/password-policy.js';
export { type AttemptFacts, decideRetry, type Verdict } from './pipeline/retry-decision.js';
export { backoffMs, NOT_SENT_ERROR_CODES, retryAfterMs } from './pipeline/retry-policy.js';
export { fillPath, type OperationMatch, operationMatcher } from './request/path-template.js';
export { validateRequest } from './request/validate-request.js';
export { isAddressLiteral, isLoopbackAddress, NOT_LOOPBACK_CODE, plaintextRefusal } from './wire/loopback.js';
export { type LookupFunction, loopbackOnlyLookup } from './wire/loopback-lookup.js';
export { checkEndpoint, resolveBaseUrl } from './wire/resolve-base-url.js';
export { redirectTarget } from './wire/wire-guard.js';
