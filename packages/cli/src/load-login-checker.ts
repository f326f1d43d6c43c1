import { pathToFileURL } from 'node:url';
import type { LoginChecker, Plan } from '@dbpass/rotate';

/**
 * The login verifier for a run: the plan's `verifier.module` (a module exporting `createLoginChecker()`), or none.
 * The `@dbpass/verify` adapter (MySQL protocol, ClickHouse HTTP) plugs in here as the default.
 */
export async function loadLoginChecker(plan: Plan): Promise<LoginChecker | undefined> {
  if (!plan.verifier?.module) return undefined;
  const loaded = (await import(pathToFileURL(plan.verifier.module).href)) as { createLoginChecker?: () => LoginChecker | Promise<LoginChecker> };
  if (typeof loaded.createLoginChecker !== 'function') throw new Error(`verifier.module ${plan.verifier.module} does not export createLoginChecker()`);
  return loaded.createLoginChecker();
}
