import { type AuditOption, auditedRun, auditFileOf } from '../audit/audited-run.js';
import { type Checkpoint, noCheckpoint } from '../checkpoint.js';
import type { JobWaitOptions } from '../kinds/account-kind.js';
import type { LoginChecker } from '../login-checker.js';
import { expandTargets, type PlannedAccount } from '../plan/expand-targets.js';
import type { Plan } from '../plan/plan.js';
import type { AccountContext } from '../protocol/account-rotation.js';
import { groupClients, type ResolvedConnection, resolveConnection } from '../protocol/connection-clients.js';
import { rotateGroup } from '../protocol/rotate-group.js';
import { kindSetStep } from '../protocol/set-step.js';
import { kindTwinStep } from '../protocol/twin-step.js';
import { errorText, type RunRedactor } from '../redact.js';
import { countOutcomes, type RotationEvent, type RotationSummary } from '../rotation-result.js';
import type { SecretStore } from '../secret-store/secret-store.js';
import { credentialProblems } from './credential-problems.js';
import { type AccountGroup, groupAccounts } from './group-accounts.js';
import { RotationSetupError } from './rotation-setup-error.js';
import { runLimited } from './run-limited.js';
import { runRedactor, watchedOptions } from './run-secrets.js';
import { isDue, SelectionError, selectForRun } from './select-accounts.js';
import { runsJobs, startOrder } from './start-order.js';
import { withStoreLock } from './with-store-lock.js';

export interface RotateOptions {
  readonly plan: Plan;
  readonly store: SecretStore;
  /**
   * Logs in to prove passwords; required when a selected account is verified by login. `createVerifyLoginChecker()`
   * from `@dbpass/rotate/verify` logs in over the MySQL protocol and ClickHouse HTTP.
   */
  readonly checker?: LoginChecker | undefined;
  /** Target names or account ids; manual targets rotate only when named here. */
  readonly only?: readonly string[] | undefined;
  /** Only accounts whose CURRENT is older than their period (and any left with a PENDING). Default: all selected. */
  readonly due?: boolean | undefined;
  /**
   * Accounts whose store holds no password are reset (their current password is truly unknown). Without it such an
   * account fails with nothing sent, and a store that holds none of the selected accounts refuses the whole run.
   */
  readonly init?: boolean | undefined;
  /** Where the plan's credential variables are read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Appends the run to a JSON-lines audit log, in the CLI's format (`run`, each `event`, `end`; never a secret):
   * `true` to the plan's `audit:` file, a string to that file. Default: no audit log is written.
   */
  readonly audit?: AuditOption | undefined;
  readonly onEvent?: ((event: RotationEvent) => void) | undefined;
  readonly checkpoint?: Checkpoint | undefined;
  /** Groups worked on at once (default the plan's `concurrency`, else 8). */
  readonly concurrency?: number | undefined;
  /** How long to wait for another run's lock (default 0: refuse at once). */
  readonly lockWaitMs?: number | undefined;
  readonly jobWait?: JobWaitOptions | undefined;
  /** Sets tried per account when their outcome stays unknown (default 3). */
  readonly setAttempts?: number | undefined;
  /** Waits before the second, third, ... set of a group whose outcome stayed unknown (default 1 s, then 3 s). */
  readonly setRetryDelaysMs?: readonly number[] | undefined;
  readonly loginDeadlineMs?: number | undefined;
  /**
   * Waits between logins while a change is not showing yet (default every 250 ms for the first 5 s, then 2, 4 and 4
   * s: 15 s in all).
   */
  readonly loginRetryDelaysMs?: readonly number[] | undefined;
  readonly now?: (() => Date) | undefined;
}

/**
 * A change can take seconds to show: ClickHouse re-reads its users about every 2 s (under load, later), so logins are
 * tried every 250 ms for 5 s and the change is seen within a quarter second of showing; after that, slower (a
 * refused try is a failed login the database may count), 15 s in all.
 */
const LOGIN_RETRY_DELAYS_MS: readonly number[] = [...Array<number>(20).fill(250), 2_000, 4_000, 4_000];

const jobWaitOf = (plan: Plan): JobWaitOptions => ({
  ...(plan.jobs?.pollIntervalMs ? { intervalMs: plan.jobs.pollIntervalMs } : {}),
  ...(plan.jobs?.timeoutMs ? { timeoutMs: plan.jobs.timeoutMs } : {}),
});

function resolveConnections(
  plan: Plan,
  accounts: readonly PlannedAccount[],
  env: Readonly<Record<string, string | undefined>>,
): Map<string, ResolvedConnection> {
  const problems = credentialProblems(plan, accounts, env);
  if (problems.length > 0) throw new RotationSetupError(`${problems.join('\n')}\nnothing was sent`);
  const names = new Set(accounts.map((account) => account.connection));
  return new Map([...names].map((name) => [name, resolveConnection(name, plan.connections[name]!, env)]));
}

/**
 * A store that holds none of the selected accounts is a wrong path, namespace or prefix, or an unmounted volume far
 * more often than a new fleet: rotating would reset every password and store the new ones where nobody reads them.
 */
async function refuseEmptyStore(store: SecretStore, selected: readonly PlannedAccount[]): Promise<void> {
  if (selected.length === 0) return;
  const held = await store.list();
  if (selected.some((account) => (held.get(account.ref.id) ?? []).length > 0)) return;
  throw new RotationSetupError(
    `the store holds none of the ${selected.length} selected account${selected.length === 1 ? '' : 's'} (a wrong path, namespace or prefix, or an unmounted volume?); nothing was sent. ` +
      'Adopt the passwords applications use with `dbpass adopt`, or rotate with --init to reset accounts whose password is truly unknown',
  );
}

/**
 * Rotates the plan's accounts: every account through the staged protocol, database users of one instance in
 * shared jobs, `concurrency` groups at a time, one account's failure never stopping the others. Holds the
 * store's lock for the whole run. Nothing that leaves it (events, results, warnings, a thrown error, the audit log)
 * holds a secret the run has seen: every password read, stored or tried, and the credentials the plan names.
 */
export async function rotate(options: RotateOptions): Promise<RotationSummary> {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const redactor = runRedactor(options.plan, env);
  try {
    const audit = auditFileOf(options.audit, options.plan);
    const run = {
      command: 'rotate',
      due: options.due ?? false,
      init: options.init ?? false,
      only: options.only ?? [],
    } as const;
    return await auditedRun(audit, run, now, async (record) => {
      const summary = await rotateWatched(watchedOptions({ ...options, env, now }, redactor, record), redactor);
      return redactor.value(summary);
    });
  } catch (error) {
    throw redactor.error(error);
  }
}

async function rotateWatched(options: RotateOptions, redactor: RunRedactor): Promise<RotationSummary> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const env = options.env ?? process.env;
  const selected = await selectForRun(expandTargets(options.plan), options.only, options.store).catch(
    (error: unknown) => {
      throw error instanceof SelectionError ? new RotationSetupError(error.message) : error;
    },
  );
  const connections = resolveConnections(options.plan, selected, env);
  const needsLogin = selected.filter((account) => account.ref.login);
  if (needsLogin.length > 0 && !options.checker) {
    throw new RotationSetupError(
      `target ${[...new Set(needsLogin.map((account) => account.ref.target))].join(', ')}: verified by login, but no login verifier is configured; nothing was sent`,
    );
  }
  const checkpoint = options.checkpoint ?? noCheckpoint;
  const context: AccountContext = {
    store: options.store,
    checker: options.checker ?? { tryLogin: () => Promise.reject(new Error('no login verifier')) },
    checkpoint,
    emit: options.onEvent ?? (() => {}),
    now,
    loginDeadlineMs: options.loginDeadlineMs ?? 10_000,
    loginRetryDelaysMs: options.loginRetryDelaysMs ?? LOGIN_RETRY_DELAYS_MS,
    reachedAddresses: new Map(),
  };
  const groupOptions = {
    due: (account: PlannedAccount) =>
      options.due ? (current: Parameters<typeof isDue>[1]) => isDue(account, current, now()) : () => true,
    init: options.init ?? false,
    setAttempts: options.setAttempts ?? 3,
    setRetryDelaysMs: options.setRetryDelaysMs ?? [1_000, 3_000],
    describeError: (error: unknown) => redactor.text(errorText(error, [])),
  };
  const jobWait = options.jobWait ?? jobWaitOf(options.plan);
  // The password jobs of one connection run alike: the first one's progress tells the others when they end.
  const setJobWaits = new Map(
    [...connections.keys()].map((name): [string, JobWaitOptions] => [
      name,
      { ...jobWait, estimate: jobWait.estimate ?? {} },
    ]),
  );
  // The fleet's part: each group its clients and its kind's set; the protocol's steps are rotateGroup's.
  // A group that only logs in and waits gives its place to the next: `concurrency` bounds the groups at the clouds.
  const runGroup = (group: AccountGroup, release: () => void) => {
    const clients = groupClients(connections.get(group.connection)!, checkpoint, runsJobs(group) ? 'first' : 'normal');
    const alternates = group.accounts.some((account) => account.ref.twin !== undefined);
    const steps = {
      set: kindSetStep(group.kind, clients, checkpoint, setJobWaits.get(group.connection)!),
      twin: alternates ? kindTwinStep(group.kind, clients, checkpoint, jobWait) : undefined,
    };
    return rotateGroup(context, group.accounts, steps, groupOptions, release);
  };

  const { value: results, warnings } = await withStoreLock(
    options.store,
    { waitMs: options.lockWaitMs, leaseMs: options.plan.lock?.leaseMs },
    async () => {
      if (!options.init) await refuseEmptyStore(options.store, selected);
      const groups = startOrder(groupAccounts(selected));
      return (await runLimited(groups, options.concurrency ?? options.plan.concurrency ?? 8, runGroup)).flat();
    },
  );
  return {
    results,
    counts: countOutcomes(results),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
