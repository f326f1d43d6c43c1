import { randomUUID } from 'node:crypto';
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
  readonly failReason?: string;
  applied: boolean;
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

  /** Counts one more password set on the account. */
  recordApplication(account: AccountRef): void {
    const key = accountKey(account);
    this.applications.set(key, (this.applications.get(key) ?? 0) + 1);
  }

  constructor() {
    const h = seed.huawei;
    const initial = () => hashPassword(seed.initialPassword);
    const add = (kind: HuaweiInstanceKind, users: readonly string[]) => {
      const { id, name } = h.instances[kind];
      this.huaweiInstances.set(id, { id, name, kind, projectId: h.projectId, root: initial(), users: new Map(users.map((user) => [user, initial()])) });
    };
    add('taurusdb', h.dbUsers.map((user) => dbUserKey(user.name, user.host)));
    add('starrocks', h.starrocksUsers);
    add('clickhouse', h.clickhouseUsers);
    const o = seed.oceanbase;
    for (const user of o.users) this.oceanbaseUsers.set(`${o.instanceId}/${o.tenantId}/${user}`, { password: initial() });
  }

  /** Applies the changes of every job that has completed by `now`. */
  settleJobs(now: number): void {
    for (const job of this.jobs.values()) {
      if (job.applied || now < job.endsAt) continue;
      job.applied = true;
      if (job.failReason) continue;
      const instance = this.huaweiInstances.get(job.instanceId);
      for (const change of job.changes) {
        instance?.users.set(change.key, change.password);
        const [userName, host] = change.key.split('@') as [string, string];
        this.recordApplication({ cloud: 'huawei', instanceId: job.instanceId, userName, host });
      }
    }
  }

  createJob(fields: Omit<Job, 'id' | 'applied'>): Job {
    const job: Job = { ...fields, id: randomUUID(), applied: false };
    this.jobs.set(job.id, job);
    return job;
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
    if (account.cloud === 'oceanbase') return this.oceanbaseUsers.get(`${account.instanceId}/${account.tenantId}/${account.userName}`)?.password;
    const instance = this.huaweiInstances.get(account.instanceId);
    if (!instance) return undefined;
    if (account.userName === undefined) return instance.root;
    return instance.users.get(account.host === undefined ? account.userName : dbUserKey(account.userName, account.host));
  }
}

export type AccountRef =
  | { cloud: 'huawei'; instanceId: string; userName?: string; host?: string }
  | { cloud: 'oceanbase'; instanceId: string; tenantId: string; userName: string };

/** A stable key for an account, as `applications` uses. */
export function accountKey(account: AccountRef): string {
  if (account.cloud === 'oceanbase') return `oceanbase/${account.instanceId}/${account.tenantId}/${account.userName}`;
  return `huawei/${account.instanceId}/${account.userName ?? 'root'}${account.host === undefined ? '' : `@${account.host}`}`;
}
