import type { Emulator, AccountRef as EmulatorAccount } from '@dbpass/emulator';
import type { AccountRef, LoginChecker } from '../src/index.js';

/** The emulator's name for an account. */
export function emulatorAccount(ref: AccountRef): EmulatorAccount {
  if (ref.cloud === 'oceanbase')
    return { cloud: 'oceanbase', instanceId: ref.instanceId, tenantId: ref.tenantId!, userName: ref.userName };
  if (ref.kind === 'taurusdb-root') return { cloud: 'huawei', instanceId: ref.instanceId };
  return {
    cloud: 'huawei',
    instanceId: ref.instanceId,
    userName: ref.userName,
    ...(ref.host === undefined ? {} : { host: ref.host }),
  };
}

/**
 * TEST STAND-IN for the `@dbpass/verify` adapter: answers from the emulator's in-memory state
 * (`emulator.state.checkPassword`) instead of logging in over the MySQL protocol or ClickHouse HTTP.
 * `failFor` makes it throw (an unreachable verifier) for the accounts it names.
 */
export function standInLoginChecker(
  emulator: Emulator,
  options: { failFor?: (ref: AccountRef) => boolean } = {},
): LoginChecker & { logins: number } {
  const checker = {
    logins: 0,
    async tryLogin(ref: AccountRef, password: string) {
      checker.logins += 1;
      if (options.failFor?.(ref))
        throw new Error(`stand-in verifier: ${ref.login?.host}:${ref.login?.port} unreachable`);
      return emulator.state.checkPassword(emulatorAccount(ref), password)
        ? ('accepted' as const)
        : ('refused' as const);
    },
  };
  return checker;
}
