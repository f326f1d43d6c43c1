// Entry point `@dbpass/core/guards`: the checks a client makes on where it sends, for code that speaks HTTP itself
// (the rotation stores: Vault, AWS, Kubernetes) and must hold the same line: https, or plaintext to loopback only,
// decided by the address connected to; redirects never followed, and named without their secrets.

export { isLoopbackAddress, NOT_LOOPBACK_CODE, plaintextRefusal } from './wire/loopback.js';
export { type LookupFunction, loopbackOnlyLookup } from './wire/loopback-lookup.js';
export { checkEndpoint, resolveBaseUrl } from './wire/resolve-base-url.js';
export { redirectTarget } from './wire/wire-guard.js';
