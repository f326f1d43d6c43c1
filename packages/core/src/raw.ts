// Entry point `@dbpass/core/raw`: openapi-fetch over dbpass's transport, and dbpass as a plug-in for a
// user's own openapi-fetch client. Kept apart so that a program using only the typed methods neither
// bundles nor installs openapi-fetch.

export { type AuthMiddlewareOptions, createAuthMiddleware } from './raw/auth-middleware.js';
export { createRawClient, createTransportFetch, type RawClient } from './raw/raw-client.js';
