import { pathToFileURL } from 'node:url';
import { type LoginChecker, type Plan, RotationSetupError } from '@dbpass/rotate';
import { createVerifyLoginChecker } from '@dbpass/rotate/verify';

/** What to install beside dbpass for a plan that logs in: the driver is an optional peer, not installed with it. */
export const MYSQL_DRIVER_INSTALL = 'npm i -g mysql2 (or npm i mysql2 where @dbpass/cli is a project dependency)';

/**
 * The login verifier for a run: `@dbpass/verify` (MySQL protocol, ClickHouse HTTP), or the plan's
 * `verifier.module` (a module exporting `createLoginChecker()`) where logins need something else.
 * A plan that verifies nothing by login never loads the verifier (nor its MySQL driver, which need not be
 * installed); one that does finds out here, before anything is sent, whether the driver is there.
 */
export async function loadLoginChecker(plan: Plan): Promise<LoginChecker> {
  if (plan.verifier?.module) return loadVerifierModule(plan.verifier.module);
  const byLogin = plan.targets.filter((target) => target.verify.by === 'login').map((target) => target.name);
  if (byLogin.length === 0) return lazyVerifyLoginChecker();
  await import('@dbpass/verify').catch((error: unknown) => {
    throw new RotationSetupError(verifierMissing(byLogin, error));
  });
  return createVerifyLoginChecker();
}

/** One line: which targets log in, and what to install (the package that could not be found). */
function verifierMissing(targets: readonly string[], error: unknown): string {
  const named =
    targets.length > 3 ? `${targets.slice(0, 3).join(', ')} and ${targets.length - 3} more` : targets.join(', ');
  const subject = `target${targets.length === 1 ? '' : 's'} ${named} verif${targets.length === 1 ? 'ies' : 'y'} by logging in`;
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(String((error as Error)?.message))?.[1];
  if (missing === 'mysql2' || missing?.startsWith('mysql2/'))
    return `${subject}, which needs the MySQL driver mysql2: ${MYSQL_DRIVER_INSTALL}; nothing was sent`;
  const reason = `${(error as NodeJS.ErrnoException)?.code ?? (error as Error)?.name ?? 'Error'}: ${String((error as Error)?.message).split('\n')[0]}`;
  return `${subject}, but the login verifier @dbpass/verify cannot be loaded (${reason}): reinstall @dbpass/cli, and ${MYSQL_DRIVER_INSTALL}; nothing was sent`;
}

/** For a plan verified by API only: nothing is loaded unless a login is asked for after all. */
function lazyVerifyLoginChecker(): LoginChecker {
  let loaded: Promise<LoginChecker> | undefined;
  return {
    async tryLogin(account, password, attempt) {
      loaded ??= createVerifyLoginChecker();
      return (await loaded).tryLogin(account, password, attempt);
    },
  };
}

async function loadVerifierModule(module: string): Promise<LoginChecker> {
  const loaded = (await import(pathToFileURL(module).href).catch((error: unknown) => {
    throw new RotationSetupError(
      `verifier.module ${module} cannot be loaded (${(error as NodeJS.ErrnoException).code ?? (error as Error).name}: ${String((error as Error).message).split('\n')[0]}); nothing was sent`,
    );
  })) as { createLoginChecker?: () => LoginChecker | Promise<LoginChecker> };
  if (typeof loaded.createLoginChecker !== 'function')
    throw new RotationSetupError(`verifier.module ${module} does not export createLoginChecker(); nothing was sent`);
  return loaded.createLoginChecker();
}
