import { createRequire } from 'node:module';

const getBuiltin = (globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined)?.getBuiltinModule;

/**
 * A Node built-in loaded on first use rather than at import (node:crypto, node:https pulling in tls): a
 * client that never needs it does not pay for it, and importing a client stays fast.
 */
export function nodeBuiltin<T>(id: string): T {
  return (getBuiltin?.(id) ?? createRequire(import.meta.url)(id)) as T;
}
