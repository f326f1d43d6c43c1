import { waitForJob } from '@dbpass/client-taurusdb';
import type { AccountRef } from '../account-ref.js';
import type { Checkpoint } from '../checkpoint.js';
import type { GroupClients } from './connection-clients.js';

/** One password to set on one account. */
export interface Application {
  readonly ref: AccountRef;
  readonly password: string;
}

/** What the cloud answered for a set that succeeded: the API-level evidence. */
export interface Applied {
  readonly apiResult: string;
  readonly jobId?: string;
}

export interface JobWaitOptions {
  /** First job poll interval (default 1 s). */
  readonly intervalMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
}

/** The largest batch one db-users job takes (the operation's documented limit). */
export const MAX_USERS_PER_JOB = 50;

/**
 * Sets the passwords through the generated clients: one call per account, except TaurusDB database users, which go
 * in one job per call (all of one instance, at most 50) that is waited for. Throws what the client throws.
 */
export async function applyPasswords(
  clients: GroupClients,
  applications: readonly Application[],
  checkpoint: Checkpoint,
  jobWait: JobWaitOptions = {},
): Promise<Applied> {
  const [first] = applications;
  if (!first) throw new RangeError('applyPasswords: nothing to set');
  if (first.ref.kind !== 'taurusdb-db-user' && applications.length > 1)
    throw new RangeError(`applyPasswords: only database users are set in batches`);
  checkpoint('set:before');
  const { ref, password } = first;
  switch (ref.kind) {
    case 'taurusdb-root':
      await clients.taurus!.resetGaussMySqlPassword({ instance_id: ref.instanceId, body: { password } });
      return { apiResult: 'ResetGaussMySqlPassword answered 200' };
    case 'starrocks': {
      const answer = await clients.taurus!.updateStarRocksDatabaseUserPassword({
        instance_id: ref.instanceId,
        body: { user_name: ref.userName, password },
      });
      return {
        apiResult: `UpdateStarRocksDatabaseUserPassword answered ${String((answer as { result?: string }).result ?? 200)}`,
      };
    }
    case 'clickhouse': {
      const answer = await clients.taurus!.updateClickHouseDatabaseUserPassword({
        instance_id: ref.instanceId,
        body: { user_name: ref.userName, password },
      });
      return {
        apiResult: `UpdateClickHouseDatabaseUserPassword answered ${String((answer as { result?: string }).result ?? 200)}`,
      };
    }
    case 'oceanbase-tenant-user':
      await clients.oceanbase!.modifyTenantUserPassword({
        instanceId: ref.instanceId,
        tenantId: ref.tenantId!,
        userName: ref.userName,
        body: { userPassword: password },
      });
      return { apiResult: 'ModifyTenantUserPassword answered success' };
    case 'taurusdb-db-user': {
      if (applications.length > MAX_USERS_PER_JOB)
        throw new RangeError(`applyPasswords: at most ${MAX_USERS_PER_JOB} users per job`);
      const users = applications.map((application) => ({
        name: application.ref.userName,
        host: application.ref.host ?? '%',
        password: application.password,
      }));
      const { job_id: jobId } = await clients.taurus!.resetGaussMySqlDatabasePassword({
        instance_id: ref.instanceId,
        body: { users },
      });
      checkpoint('job:created');
      const job = await waitForJob(clients.taurus!, jobId, {
        intervalMs: jobWait.intervalMs ?? 1_000,
        maxIntervalMs: Math.max(jobWait.intervalMs ?? 1_000, 5_000),
        ...(jobWait.timeoutMs ? { timeoutMs: jobWait.timeoutMs } : {}),
        onProgress: () => checkpoint('job:polled'),
      });
      return { apiResult: `job ${job.status}`, jobId };
    }
  }
}
