import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

let loaded: typeof Crypto | undefined;

/**
 * node:crypto, loaded on first use rather than at import: a client that never signs (token auth) does
 * not pay for it, and importing a client stays fast.
 */
export function nodeCrypto(): typeof Crypto {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  loaded ??= (getBuiltin?.('node:crypto') ?? createRequire(import.meta.url)('node:crypto')) as typeof Crypto;
  return loaded;
}
