import type { LoginChecker } from '../login-checker.js';
import type { Plan } from '../plan/plan.js';
import { RunRedactor } from '../redact.js';
import type { RotationEvent } from '../rotation-result.js';
import type { SecretStore, SecretVersion } from '../secret-store/secret-store.js';

/**
 * The secrets a run holds from its start, by the environment variables the plan names: cloud credentials, the file
 * store's key, the Vault token, AWS's secret key and session token.
 */
function environmentSecrets(plan: Plan, env: Readonly<Record<string, string | undefined>>): Array<string | undefined> {
  const names: Array<string | undefined> = [];
  for (const connection of Object.values(plan.connections))
    names.push(
      ...(connection.cloud === 'huawei'
        ? [connection.credentials.secretKeyEnv, connection.credentials.securityTokenEnv]
        : [connection.credentials.accessKeySecretEnv]),
    );
  const { store } = plan;
  if ('file' in store) names.push(store.keyEnv);
  if ('vault' in store) names.push(store.vault.tokenEnv ?? 'VAULT_TOKEN');
  if ('aws' in store) names.push('AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN');
  return names.map((name) => (name ? env[name] : undefined));
}

/** A redactor for one run, knowing the secrets of its environment from the start. */
export function runRedactor(plan: Plan, env: Readonly<Record<string, string | undefined>>): RunRedactor {
  const redactor = new RunRedactor();
  redactor.add(...environmentSecrets(plan, env));
  return redactor;
}

/** The store, telling the redactor every password that passes through it (read, stored, adopted). */
export function watchStore(store: SecretStore, redactor: RunRedactor): SecretStore {
  const seen = <T extends SecretVersion | undefined>(version: T): T => {
    redactor.add(version?.password);
    return version;
  };
  return {
    lock: (options) => store.lock(options),
    lockHolder: () => store.lockHolder(),
    breakLock: () => store.breakLock(),
    read: async (accountId, stage) => seen(await store.read(accountId, stage)),
    list: async () => {
      const all = await store.list();
      for (const versions of all.values()) for (const version of versions) seen(version);
      return all;
    },
    inspect: async (accountId) => {
      const holding = await store.inspect(accountId);
      if (holding.state === 'unmanaged') redactor.add(holding.password);
      return holding;
    },
    adopt: (accountId, password, versionId, evidence, fields) => {
      redactor.add(password);
      return store.adopt(accountId, password, versionId, evidence, fields);
    },
    putPending: (accountId, password, versionId, fields) => {
      redactor.add(password);
      return store.putPending(accountId, password, versionId, fields);
    },
    note: (accountId, versionId, note) => store.note(accountId, versionId, note),
    promote: (accountId, versionId, evidence) => store.promote(accountId, versionId, evidence),
  };
}

/** The login checker, telling the redactor every password it is asked to try (a throwaway included). */
export const watchChecker = (checker: LoginChecker, redactor: RunRedactor): LoginChecker => ({
  tryLogin: (account, password, options) => {
    redactor.add(password);
    return checker.tryLogin(account, password, options);
  },
});

/**
 * A run's options as its inner workings get them: the store and the checker feed the redactor, and every event is
 * scrubbed, then recorded (the audit log) and handed to the caller's `onEvent`.
 */
export function watchedOptions<
  T extends {
    readonly store: SecretStore;
    readonly checker?: LoginChecker | undefined;
    readonly onEvent?: ((event: RotationEvent) => void) | undefined;
  },
>(options: T, redactor: RunRedactor, record: (event: RotationEvent) => void): T {
  const { checker, onEvent } = options;
  return {
    ...options,
    store: watchStore(options.store, redactor),
    ...(checker ? { checker: watchChecker(checker, redactor) } : {}),
    onEvent: (event: RotationEvent) => {
      const redacted = redactor.value(event);
      record(redacted);
      onEvent?.(redacted);
    },
  };
}
