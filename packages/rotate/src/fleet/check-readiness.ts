import { AuthenticationError, PermissionError, ServiceError } from '@dbpass/client-taurusdb';
import { auditPathProblem } from '../audit-path.js';
import { noCheckpoint } from '../checkpoint.js';
import { kindOf } from '../kinds/registry.js';
import { type LoginChecker, loginWithCurrent } from '../login-checker.js';
import { expandTargets, type PlannedAccount } from '../plan/expand-targets.js';
import type { Plan } from '../plan/plan.js';
import { groupClients, resolveConnection } from '../protocol/connection-clients.js';
import { errorText } from '../redact.js';
import { type SecretStore, StoreLockedError } from '../secret-store/secret-store.js';
import { credentialProblems } from './credential-problems.js';
import { runLimited } from './run-limited.js';
import { runRedactor, watchChecker, watchStore } from './run-secrets.js';
import { selectAccounts } from './select-accounts.js';

/** One read-only check of `dbpass plan --check`: what was checked, and what is true. */
export interface ReadinessCheck {
  /** `store`, `audit`, `connection hw`, `verifier app-db`. */
  readonly subject: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface ReadinessOptions {
  readonly plan: Plan;
  readonly store: SecretStore;
  readonly checker?: LoginChecker | undefined;
  readonly only?: readonly string[] | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The audit log the run would append to (default the plan's). */
  readonly audit?: string | undefined;
  readonly loginDeadlineMs?: number | undefined;
}

/**
 * Everything a rotation needs, checked without changing anything: the store takes and releases its lock, the
 * audit log can be appended to, each connection's credentials are accepted by a read-only call, and each verifier
 * reaches its database with its TLS settings and logs in with CURRENT.
 */
export async function checkReadiness(options: ReadinessOptions): Promise<ReadinessCheck[]> {
  const env = options.env ?? process.env;
  const redactor = runRedactor(options.plan, env);
  const watched: ReadinessOptions = {
    ...options,
    store: watchStore(options.store, redactor),
    ...(options.checker ? { checker: watchChecker(options.checker, redactor) } : {}),
  };
  const selected = selectAccounts(expandTargets(options.plan), options.only);
  try {
    return redactor.value([
      await checkStore(watched.store),
      ...(await checkAudit(options.audit ?? options.plan.audit)),
      ...(await checkConnections(options.plan, selected, env)),
      ...(await checkVerifiers(selected, watched)),
    ]);
  } catch (error) {
    throw redactor.error(error);
  }
}

async function checkStore(store: SecretStore): Promise<ReadinessCheck> {
  try {
    await (await store.lock()).release();
    return { subject: 'store', ok: true, message: 'reachable and writable (its lock was taken and released)' };
  } catch (error) {
    if (error instanceof StoreLockedError)
      return { subject: 'store', ok: true, message: `reachable; ${error.message}` };
    return { subject: 'store', ok: false, message: errorText(error, []) };
  }
}

async function checkAudit(file: string | undefined): Promise<ReadinessCheck[]> {
  if (!file) return [];
  const problem = await auditPathProblem(file);
  return [
    {
      subject: 'audit',
      ok: problem === undefined,
      message: problem
        ? `${file} cannot be written (${problem}); a run could not keep its audit log`
        : `${file} can be appended to`,
    },
  ];
}

async function checkConnections(
  plan: Plan,
  selected: readonly PlannedAccount[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<ReadinessCheck[]> {
  const names = [...new Set(selected.map((account) => account.connection))];
  return Promise.all(
    names.map(async (name): Promise<ReadinessCheck> => {
      const subject = `connection ${name}`;
      const accounts = selected.filter((account) => account.connection === name);
      const missing = credentialProblems(plan, accounts, env);
      if (missing.length > 0) return { subject, ok: false, message: missing.join('; ') };
      const connection = resolveConnection(name, plan.connections[name]!, env);
      const clients = groupClients(connection, noCheckpoint);
      const { ref } = accounts[0]!;
      try {
        await kindOf(ref).probeCredentials(clients, ref);
        return {
          subject,
          ok: true,
          message: `credentials accepted (read ${ref.tenantId ? `tenant ${ref.tenantId} of ` : ''}${ref.instanceId})`,
        };
      } catch (error) {
        if (error instanceof AuthenticationError || error instanceof PermissionError)
          return { subject, ok: false, message: `credentials refused: ${errorText(error, [])}` };
        if (error instanceof ServiceError)
          return {
            subject,
            ok: true,
            message: `credentials accepted (the read-only call was answered: ${errorText(error, [])})`,
          };
        return { subject, ok: false, message: `the cloud did not answer: ${errorText(error, [])}` };
      }
    }),
  );
}

async function checkVerifiers(
  selected: readonly PlannedAccount[],
  options: ReadinessOptions,
): Promise<ReadinessCheck[]> {
  const byLogin = selected.filter((account) => account.ref.login);
  if (byLogin.length > 0 && !options.checker)
    return [{ subject: 'verifier', ok: false, message: 'verified by login, but no login verifier is configured' }];
  return runLimited(byLogin, options.plan.concurrency ?? 8, async (account): Promise<ReadinessCheck> => {
    const { ref } = account;
    const subject = `verifier ${ref.id}`;
    const where = `${ref.login!.host}:${ref.login!.port}`;
    const current = (await options.store.read(ref.id, 'CURRENT'))?.password;
    try {
      const outcome = await loginWithCurrent(
        (password) => options.checker!.tryLogin(ref, password, { deadlineMs: options.loginDeadlineMs ?? 10_000 }),
        current,
      );
      if (outcome === 'reached')
        return { subject, ok: true, message: `${where} answers (no CURRENT in the store yet to log in with)` };
      return outcome === 'accepted'
        ? { subject, ok: true, message: `CURRENT logs in at ${where}` }
        : {
            subject,
            ok: false,
            message: `CURRENT is refused at ${where}: a rotation would stop before sending anything`,
          };
    } catch (error) {
      return { subject, ok: false, message: `cannot log in at ${where}: ${errorText(error, [current])}` };
    }
  });
}
