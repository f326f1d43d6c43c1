// A plan's `verifier.module` for the CLI test: the default verifier, plus a line per login in the file that
// DBPASS_TEST_LOGIN_LOG names (account and outcome, never the password), so the test sees the module was used.
import { appendFileSync } from 'node:fs';
import { createVerifyLoginChecker } from '@dbpass/rotate/verify';

export async function createLoginChecker() {
  const inner = await createVerifyLoginChecker();
  return {
    async tryLogin(account, password, options) {
      const outcome = await inner.tryLogin(account, password, options);
      appendFileSync(process.env.DBPASS_TEST_LOGIN_LOG, `${account.id} ${outcome}\n`);
      return outcome;
    },
  };
}
