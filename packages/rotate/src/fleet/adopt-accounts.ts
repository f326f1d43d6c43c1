import { randomUUID } from 'node:crypto';
import { type AuditOption, auditedRun, auditFileOf } from '../audit/audited-run.js';
import type { LoginChecker } from '../login-checker.js';
import { expandTargets, type PlannedAccount } from '../plan/expand-targets.js';
import type { Plan } from '../plan/plan.js';
import { errorText } from '../redact.js';
import type { RotationEvent } from '../rotation-result.js';
import type { SecretStore, VerificationEvidence } from '../secret-store/secret-store.js';
import { RotationSetupError } from './rotation-setup-error.js';
import { runLimited } from './run-limited.js';
import { runRedactor, watchedOptions } from './run-secrets.js';
import { selectAccounts } from './select-accounts.js';
import { withStoreLock } from './with-store-lock.js';

export interface AdoptOptions {
  readonly plan: Plan;
  readonly store: SecretStore;
  /**
   * Logs in to prove each password; required when a selected account is verified by login. `createVerifyLoginChecker()`
   * from `@dbpass/rotate/verify` logs in over the MySQL protocol and ClickHouse HTTP.
   */
  readonly checker?: LoginChecker | undefined;
  /** Target names or account ids (manual targets included); default every account of the plan. */
  readonly only?: readonly string[] | undefined;
  /**
   * A password that lives nowhere yet (`--from-stdin`, `--from-env`): recorded where the store location is empty,
   * refused where the location holds another one.
   */
  readonly password?: string | undefined;
  /** Accounts verified by API only: record the password on the operator's word (evidence `trust`). */
  readonly trust?: boolean | undefined;
  /**
   * Appends the adoption to a JSON-lines audit log, in the CLI's format (`run`, each `event`, `end`; never a
   * secret): `true` to the plan's `audit:` file, a string to that file. Default: no audit log is written.
   */
  readonly audit?: AuditOption | undefined;
  readonly onEvent?: ((event: RotationEvent) => void) | undefined;
  readonly lockWaitMs?: number | undefined;
  readonly loginDeadlineMs?: number | undefined;
  readonly concurrency?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

/** `adopted`: recorded as CURRENT; `managed`: dbpass had it already; `refused`: not adopted, nothing written. */
export type AdoptionOutcome = 'adopted' | 'managed' | 'refused';

export interface AdoptionResult {
  readonly account: string;
  readonly target: string;
  readonly outcome: AdoptionOutcome;
  readonly message: string;
  readonly evidence?: VerificationEvidence;
}

export interface AdoptionSummary {
  readonly results: readonly AdoptionResult[];
  readonly counts: Readonly<Record<AdoptionOutcome, number>>;
  /** The store's lock not released after the work was done. */
  readonly warnings?: readonly string[];
}

/**
 * Takes over the passwords applications already use: for each account, what its store location holds (or the given
 * password) is proven by logging in and recorded as CURRENT in place, without touching the database or any byte
 * dbpass does not own. A password that cannot be proven is not adopted.
 */
export async function adopt(options: AdoptOptions): Promise<AdoptionSummary> {
  const now = options.now ?? (() => new Date());
  const redactor = runRedactor(options.plan, process.env);
  redactor.add(options.password);
  try {
    const audit = auditFileOf(options.audit, options.plan);
    const run = { command: 'adopt', only: options.only ?? [] } as const;
    return await auditedRun(audit, run, now, async (record) => {
      const summary = await adoptWatched(watchedOptions({ ...options, now }, redactor, record));
      return redactor.value(summary);
    });
  } catch (error) {
    throw redactor.error(error);
  }
}

async function adoptWatched(options: AdoptOptions): Promise<AdoptionSummary> {
  const now = options.now ?? (() => new Date());
  let selected: PlannedAccount[];
  try {
    const accounts = expandTargets(options.plan);
    selected = options.only?.length ? selectAccounts(accounts, options.only) : accounts;
  } catch (error) {
    throw new RotationSetupError((error as Error).message);
  }
  if (!options.checker && selected.some((account) => account.ref.login))
    throw new RotationSetupError('verified by login, but no login verifier is configured; nothing was adopted');
  const emit = (account: PlannedAccount, outcome: RotationEvent['outcome'], message: string) =>
    options.onEvent?.({
      time: now().toISOString(),
      account: account.ref.id,
      target: account.ref.target,
      step: 'adopt',
      outcome,
      message,
    });

  const adoptOne = async (account: PlannedAccount): Promise<AdoptionResult> => {
    const result = await adoptAccount(account, options, now).catch(
      (error: unknown): AdoptionResult => ({
        account: account.ref.id,
        target: account.ref.target,
        outcome: 'refused',
        message: `${errorText(error, [options.password])}; nothing was adopted`,
      }),
    );
    emit(
      account,
      result.outcome === 'refused' ? 'failed' : result.outcome === 'adopted' ? 'ok' : 'skipped',
      result.message,
    );
    return result;
  };

  const { value: results, warnings } = await withStoreLock(
    options.store,
    { waitMs: options.lockWaitMs, leaseMs: options.plan.lock?.leaseMs },
    () => runLimited(selected, options.concurrency ?? options.plan.concurrency ?? 8, (account) => adoptOne(account)),
  );
  const counts: Record<AdoptionOutcome, number> = { adopted: 0, managed: 0, refused: 0 };
  for (const result of results) counts[result.outcome] += 1;
  return { results, counts, ...(warnings.length > 0 ? { warnings } : {}) };
}

async function adoptAccount(account: PlannedAccount, options: AdoptOptions, now: () => Date): Promise<AdoptionResult> {
  const { ref } = account;
  const result = (outcome: AdoptionOutcome, message: string, evidence?: VerificationEvidence): AdoptionResult => ({
    account: ref.id,
    target: ref.target,
    outcome,
    message,
    ...(evidence ? { evidence } : {}),
  });
  const holding = await options.store.inspect(ref.id);
  if (holding.state === 'managed') return result('managed', 'dbpass already manages it; nothing changed');
  if (holding.state === 'unmanaged' && options.password !== undefined && options.password !== holding.password)
    return result(
      'refused',
      'its store location holds a different password than the one given; nothing was written (adopt without a password to prove the one stored there)',
    );
  const password = holding.state === 'unmanaged' ? holding.password : options.password;
  if (password === undefined)
    return result(
      'refused',
      'its store location holds no password; give the one the database has with --from-stdin or --from-env',
    );
  // Alternating: the pair applications read names which of the two users the password is for (default the account's).
  const userName =
    ref.twin !== undefined && holding.state === 'unmanaged' ? (holding.username ?? ref.userName) : ref.userName;
  if (userName !== ref.userName && userName !== ref.twin)
    return result(
      'refused',
      `its store location names user ${userName}, which is neither ${ref.userName} nor its twin ${ref.twin}; nothing was adopted`,
    );
  const at = now().toISOString();
  let evidence: VerificationEvidence;
  if (ref.login) {
    let outcome: string;
    try {
      const loginRef = userName === ref.userName ? ref : { ...ref, userName };
      outcome = await options.checker!.tryLogin(loginRef, password, { deadlineMs: options.loginDeadlineMs ?? 10_000 });
    } catch (error) {
      return result('refused', `the verifier could not log in (${errorText(error, [password])}); nothing was adopted`);
    }
    if (outcome !== 'accepted')
      return result(
        'refused',
        `the database refuses the password ${holding.state === 'unmanaged' ? 'its store location holds' : 'given'}; nothing was adopted`,
      );
    evidence = { method: 'login', at, pendingAccepted: true, note: 'adopted: the password logged in' };
  } else if (options.trust) {
    evidence = { method: 'trust', at, note: `adopted on the operator's word (--trust); ${account.apiOnlyReason}` };
  } else {
    return result(
      'refused',
      `verified by API only (${account.apiOnlyReason}): no login can prove the password; adopt it with --trust to record it on your word`,
    );
  }
  await options.store.adopt(
    ref.id,
    password,
    randomUUID(),
    evidence,
    ref.twin === undefined ? {} : { username: userName },
  );
  return result(
    'adopted',
    `${holding.state === 'unmanaged' ? 'the password its store location holds' : 'the given password'} is CURRENT (${evidence.method === 'login' ? 'logged in' : 'trusted'})`,
    evidence,
  );
}
