import { randomUUID } from 'node:crypto';
import { type AccountRef, accountKey, dbUserKey, instanceKey } from './account-ref.js';
import { type Engines, memoryEngines } from './engines/engines.js';
import { allAccounts, type FleetSize } from './fleet.js';
import { hashPassword, passwordMatches, type StoredPassword } from './password-store.js';
import { noPrivileges, type UserPrivileges } from './privileges/privileges.js';
import { seedPrivileges } from './privileges/seed-privileges.js';
import { seed } from './seed.js';

export { type AccountRef, accountKey, dbUserKey, splitUserKey } from './account-ref.js';

export type HuaweiInstanceKind = 'taurusdb' | 'starrocks' | 'clickhouse';

export interface HuaweiInstance {
  readonly id: string;
  readonly name: string;
  readonly kind: HuaweiInstanceKind;
  readonly projectId: string;
  root: StoredPassword;
  /** Database users by `name@host` (TaurusDB) or by name (StarRocks, ClickHouse). */
  readonly users: Map<string, StoredPassword>;
}

export interface Job {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly instanceId: string;
  readonly createdAt: number;
  readonly visibleAt: number;
  readonly endsAt: number;
  /** The passwords the job sets (hashed), by user key: a reset's users, or the accounts a create makes. */
  readonly changes: ReadonlyArray<{ key: string; password: StoredPassword }>;
  /** What the job does when it completes. */
  readonly work: JobWork;
  failReason?: string;
  /** A job that failed part-way: how many of its items (the first ones) were made all the same. */
  readonly appliedDespiteFailure?: number;
  applied: boolean;
  /** Settles when the engine has the job's change (or the job was marked Failed because it refused it). */
  engineApplied?: Promise<void>;
}

/**
 * What a job does when it completes, item by item (the users of its request): a fault that applies a batch in
 * part makes the first items only. One shape for every job operation, so that the queue, the faults and the
 * engine order are the same for all of them.
 */
export interface JobWork {
  /** How many items the job has. */
  readonly size: number;
  /** Why the job cannot be done now that it runs (it then ends Failed and changes nothing), or undefined. */
  refusal?(): string | undefined;
  /** Makes the first `count` items in the state; returns what puts the state back. */
  apply(count: number): () => void;
  /** Makes the same change in the real engine (called at most once; it forgets any password it held). */
  applyInEngine(count: number): Promise<void>;
  /** Forgets any password it holds, when nothing is to be applied. */
  discard(): void;
  /** The accounts whose password the first `count` items set (counted in `applications` once applied). */
  passwordsSet(count: number): AccountRef[];
  /** The job's failure reason when the engine refuses the change. */
  readonly engineRefused: string;
}

export interface ObUser {
  password: StoredPassword;
}

/** The emulated clouds' data: instances, users (passwords hashed), jobs. */
export class EmulatorState {
  readonly huaweiInstances = new Map<string, HuaweiInstance>();
  readonly jobs = new Map<string, Job>();
  /** OceanBase users by `instanceId/tenantId/userName`. */
  readonly oceanbaseUsers = new Map<string, ObUser>();
  /** The databases of each instance and tenant, by instance key (`instanceKey`). */
  readonly databases: Map<string, Set<string>>;
  /** What each account is granted, by account key (`accountKey`); an account without a value has nothing. */
  readonly privileges: Map<string, UserPrivileges>;
  /** How many times a password was set on each account (`accountKey`), jobs included when they complete. */
  readonly applications = new Map<string, number>();
  /** The databases behind the instances; memory mode has none. */
  engines: Engines = memoryEngines();
  /** The emulator's clock, for the timers that complete jobs in real engines. */
  now: () => number = Date.now;
  private readonly jobTimers = new Set<NodeJS.Timeout>();
  /** When each instance's last queued job ends. */
  private readonly lastJobEnd = new Map<string, number>();
  /** Engine changes of completed jobs, applied one after another in the order the jobs ended. */
  private engineQueue: Promise<unknown> = Promise.resolve();
  /** Jobs not applied yet, in the order they were made (a run's thousands of done jobs are never walked again). */
  private readonly unapplied = new Set<Job>();
  /** Engine changes of applied jobs still under way. */
  private readonly inEngine = new Set<Promise<void>>();

  /** Counts one more password set on the account. */
  recordApplication(account: AccountRef): void {
    const key = accountKey(account);
    this.applications.set(key, (this.applications.get(key) ?? 0) + 1);
  }

  constructor(fleet: FleetSize = {}) {
    const h = seed.huawei;
    const accounts = allAccounts(fleet);
    const initial = () => hashPassword(seed.initialPassword);
    const add = (kind: HuaweiInstanceKind, { id, name }: { id: string; name: string }, users: readonly string[]) => {
      this.huaweiInstances.set(id, {
        id,
        name,
        kind,
        projectId: h.projectId,
        root: initial(),
        users: new Map(users.map((user) => [user, initial()])),
      });
    };
    for (const instance of accounts.taurusdb)
      add(
        'taurusdb',
        instance,
        instance.users.map((user) => dbUserKey(user.name, user.host)),
      );
    add('starrocks', h.instances.starrocks, accounts.starrocksUsers);
    add('clickhouse', h.instances.clickhouse, accounts.clickhouseUsers);
    const o = seed.oceanbase;
    for (const user of accounts.oceanbaseUsers)
      this.oceanbaseUsers.set(`${o.instanceId}/${o.tenantId}/${user}`, { password: initial() });
    ({ databases: this.databases, privileges: this.privileges } = seedPrivileges(accounts));
  }

  /** What an account is granted (nothing, when the state has no value for it). */
  privilegesOf(account: AccountRef): UserPrivileges {
    const kind = account.cloud === 'oceanbase' ? 'oceanbase' : this.huaweiInstances.get(account.instanceId)?.kind;
    if (!kind) throw new Error(`no such instance: ${account.instanceId}`);
    return this.privileges.get(accountKey(account)) ?? noPrivileges(kind);
  }

  /** Replaces what an account is granted; returns what puts the old value back. */
  setPrivileges(account: AccountRef, privileges: UserPrivileges): () => void {
    const key = accountKey(account);
    const previous = this.privileges.get(key);
    this.privileges.set(key, privileges);
    return () => (previous ? this.privileges.set(key, previous) : this.privileges.delete(key));
  }

  /** The databases of an instance or tenant (by `instanceKey`), sorted. */
  databasesOf(key: string): string[] {
    return [...(this.databases.get(key) ?? [])].sort();
  }

  /** Whether a database exists on the account's instance or tenant. */
  hasDatabase(account: AccountRef, database: string): boolean {
    return this.databases.get(instanceKey(account))?.has(database) === true;
  }

  /** Applies the changes of every job that has completed by `now`. */
  settleJobs(now: number): void {
    for (const job of this.unapplied) {
      if (now < job.endsAt) continue;
      this.unapplied.delete(job);
      job.applied = true;
      // Refused as a whole even when a fault fails it part-way: a failing create must not make a user twice.
      const refusal = job.work.refusal?.();
      if (refusal) job.failReason ??= refusal;
      const made = refusal ? 0 : job.failReason ? (job.appliedDespiteFailure ?? 0) : job.work.size;
      if (made === 0) {
        job.work.discard();
        continue;
      }
      const undo = job.work.apply(made);
      const recordAll = () => {
        for (const account of job.work.passwordsSet(made)) this.recordApplication(account);
      };
      if (this.engines.mode === 'memory') {
        job.work.discard();
        recordAll();
        continue;
      }
      const applied = this.engineQueue.then(() => job.work.applyInEngine(made));
      this.engineQueue = applied.catch(() => {});
      const settled = applied.then(recordAll, () => {
        undo();
        job.failReason = job.work.engineRefused;
      });
      job.engineApplied = settled;
      this.inEngine.add(settled);
      void settled.then(() => this.inEngine.delete(settled));
    }
  }

  /** Settles jobs, then waits until every completed job's passwords are in the engines. */
  async settleJobsInEngines(now: number): Promise<void> {
    this.settleJobs(now);
    await Promise.all(this.inEngine);
  }

  /**
   * Queues a job behind the instance's earlier ones, as the service's task queue runs them one at a time: a job
   * left running by a killed client still ends before a later job of the same instance, never after it.
   */
  createJob(fields: Omit<Job, 'id' | 'applied' | 'engineApplied'>): Job {
    const waits = Math.max(0, (this.lastJobEnd.get(fields.instanceId) ?? 0) - fields.createdAt);
    const job: Job = { ...fields, endsAt: fields.endsAt + waits, id: randomUUID(), applied: false };
    this.lastJobEnd.set(job.instanceId, job.endsAt);
    this.jobs.set(job.id, job);
    this.unapplied.add(job);
    // A real engine changes when the job ends, whether or not anyone asks about the job.
    if (this.engines.mode === 'real') {
      const timer = setTimeout(
        () => {
          this.jobTimers.delete(timer);
          this.settleJobs(this.now());
        },
        Math.max(0, job.endsAt - this.now()),
      );
      timer.unref();
      this.jobTimers.add(timer);
    }
    return job;
  }

  /** Stops the job timers (the emulator is stopping). */
  stopTimers(): void {
    for (const timer of this.jobTimers) clearTimeout(timer);
    this.jobTimers.clear();
  }

  /** Whether an account's current password is this one (for tests and the demo; settles jobs first). */
  checkPassword(account: AccountRef, password: string, now = Date.now()): boolean {
    this.settleJobs(now);
    const stored = this.lookup(account);
    if (!stored) throw new Error(`no such account: ${JSON.stringify(account)}`);
    return passwordMatches(stored, password);
  }

  /** Whether a stored hash is of this password (for tests that inspect jobs). */
  checkStored(stored: StoredPassword, password: string): boolean {
    return passwordMatches(stored, password);
  }

  private lookup(account: AccountRef): StoredPassword | undefined {
    if (account.cloud === 'oceanbase')
      return this.oceanbaseUsers.get(`${account.instanceId}/${account.tenantId}/${account.userName}`)?.password;
    const instance = this.huaweiInstances.get(account.instanceId);
    if (!instance) return undefined;
    if (account.userName === undefined) return instance.root;
    return instance.users.get(
      account.host === undefined ? account.userName : dbUserKey(account.userName, account.host),
    );
  }
}
