// Entry point `@dbpass/core/raw`: the openapi-fetch client over dbpass's transport. Kept apart so that a
// program using only the typed methods neither bundles nor installs openapi-fetch.
export { createRawClient, type RawClient } from './raw-client.js';
