import { randomUUID } from 'node:crypto';
import { type Engines, memoryEngines, type PasswordChange } from './engines/engines.js';
import { allAccounts, type FleetSize } from './fleet.js';
import { hashPassword, passwordMatches, type StoredPassword } from './password-store.js';
import { seed } from './seed.js';

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
  /** Applied when the job completes (passwords already hashed). */
  readonly changes: ReadonlyArray<{ key: string; password: StoredPassword }>;
  failReason?: string;
  /** A job that failed part-way: how many of its changes (the first ones) were made all the same. */
  readonly appliedDespiteFailure?: number;
  applied: boolean;
  /** The new passwords in clear, kept only until a real engine has them. */
  engineChanges?: PasswordChange[];
  /** Settles when the engine has the job's passwords (or the job was marked Failed because it refused them). */
  engineApplied?: Promise<void>;
}

export interface ObUser {
  password: StoredPassword;
}

export const dbUserKey = (name: string, host: string) => `${name}@${host}`;

/** The emulated clouds' data: instances, users (passwords hashed), jobs. */
export class EmulatorState {
  readonly huaweiInstances = new Map<string, HuaweiInstance>();
  readonly jobs = new Map<string, Job>();
  /** OceanBase users by `instanceId/tenantId/userName`. */
  readonly oceanbaseUsers = new Map<string, ObUser>();
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
  }

  /** Applies the changes of every job that has completed by `now`. */
  settleJobs(now: number): void {
    for (const job of this.jobs.values()) {
      if (job.applied || now < job.endsAt) continue;
      job.applied = true;
      const made = job.failReason ? (job.appliedDespiteFailure ?? 0) : job.changes.length;
      if (made === 0) continue;
      const changes = job.changes.slice(0, made);
      const instance = this.huaweiInstances.get(job.instanceId);
      const previous = changes.map((change) => [change.key, instance?.users.get(change.key)] as const);
      for (const change of changes) instance?.users.set(change.key, change.password);
      const recordAll = () => {
        for (const change of changes) {
          const [userName, host] = splitUserKey(change.key);
          this.recordApplication({ cloud: 'huawei', instanceId: job.instanceId, userName, host });
        }
      };
      const engineChanges = (job.engineChanges ?? []).slice(0, made);
      delete job.engineChanges;
      if (this.engines.mode === 'memory') {
        recordAll();
        continue;
      }
      const applied = this.engineQueue.then(() => this.engines.setPasswords(engineChanges));
      this.engineQueue = applied.catch(() => {});
      job.engineApplied = applied.then(recordAll, () => {
        for (const [key, stored] of previous) if (stored) instance?.users.set(key, stored);
        job.failReason = 'The database refused the new passwords.';
      });
    }
  }

  /** Settles jobs, then waits until every completed job's passwords are in the engines. */
  async settleJobsInEngines(now: number): Promise<void> {
    this.settleJobs(now);
    await Promise.all([...this.jobs.values()].map((job) => job.engineApplied));
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

export function splitUserKey(key: string): [name: string, host: string] {
  const at = key.lastIndexOf('@');
  return [key.slice(0, at), key.slice(at + 1)];
}

export type AccountRef =
  | { cloud: 'huawei'; instanceId: string; userName?: string; host?: string }
  | { cloud: 'oceanbase'; instanceId: string; tenantId: string; userName: string };

/** A stable key for an account, as `applications` uses. */
export function accountKey(account: AccountRef): string {
  if (account.cloud === 'oceanbase') return `oceanbase/${account.instanceId}/${account.tenantId}/${account.userName}`;
  return `huawei/${account.instanceId}/${account.userName ?? 'root'}${account.host === undefined ? '' : `@${account.host}`}`;
}
