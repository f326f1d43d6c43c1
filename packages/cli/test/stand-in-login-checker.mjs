// TEST STAND-IN for the @dbpass/verify adapter, loaded by `dbpass` through the plan's `verifier.module`: asks the
// test process (stand-in-login-server.ts, which reads the emulator's in-memory state) instead of logging in.
export function createLoginChecker() {
  const url = process.env.DBPASS_STAND_IN_LOGIN_URL;
  if (!url) throw new Error('DBPASS_STAND_IN_LOGIN_URL is not set');
  return {
    async tryLogin(account, password) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password }) });
      if (!response.ok) throw new Error(`stand-in verifier answered ${response.status}`);
      return (await response.json()).outcome;
    },
  };
}
