import { pathToFileURL } from 'node:url';
import { type LoginChecker, type Plan, RotationSetupError } from '@dbpass/rotate';
import { createVerifyLoginChecker } from '@dbpass/rotate/verify';

/**
 * The login verifier for a run: `@dbpass/verify` (MySQL protocol, ClickHouse HTTP), or the plan's
 * `verifier.module` (a module exporting `createLoginChecker()`) where logins need something else.
 */
export async function loadLoginChecker(plan: Plan): Promise<LoginChecker> {
  if (!plan.verifier?.module) return createVerifyLoginChecker();
  const { module } = plan.verifier;
  const loaded = (await import(pathToFileURL(module).href).catch((error: unknown) => {
    throw new RotationSetupError(
      `verifier.module ${module} cannot be loaded (${(error as NodeJS.ErrnoException).code ?? (error as Error).name}: ${String((error as Error).message).split('\n')[0]}); nothing was sent`,
    );
  })) as { createLoginChecker?: () => LoginChecker | Promise<LoginChecker> };
  if (typeof loaded.createLoginChecker !== 'function')
    throw new RotationSetupError(`verifier.module ${module} does not export createLoginChecker(); nothing was sent`);
  return loaded.createLoginChecker();
}
