import { pathToFileURL } from 'node:url';
import type { LoginChecker, Plan } from '@dbpass/rotate';
import { createVerifyLoginChecker } from '@dbpass/rotate/verify';

/**
 * The login verifier for a run: `@dbpass/verify` (MySQL protocol, ClickHouse HTTP), or the plan's
 * `verifier.module` (a module exporting `createLoginChecker()`) where logins need something else.
 */
export async function loadLoginChecker(plan: Plan): Promise<LoginChecker> {
  if (!plan.verifier?.module) return createVerifyLoginChecker();
  const loaded = (await import(pathToFileURL(plan.verifier.module).href)) as {
    createLoginChecker?: () => LoginChecker | Promise<LoginChecker>;
  };
  if (typeof loaded.createLoginChecker !== 'function')
    throw new Error(`verifier.module ${plan.verifier.module} does not export createLoginChecker()`);
  return loaded.createLoginChecker();
}
