import { passwordPolicies } from '@dbpass/client-taurusdb';
import { type PasswordPolicy, type PolicyViolation, validatePassword } from '@dbpass/core';
import type { JobFault } from '../faults.js';
import type { Reply } from '../http.js';
import { hashPassword } from '../password-store.js';
import { dbUserKey, type EmulatorState, type HuaweiInstance, type HuaweiInstanceKind } from '../state.js';
import { huaweiError, huaweiOk } from './replies.js';
import { isWeakPassword } from './weak-passwords.js';

export interface HuaweiCall {
  readonly operationId: string;
  readonly path: Record<string, string>;
  readonly query: URLSearchParams;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body; each handler reads the fields of its operation
  readonly body: any;
  readonly now: number;
}

export interface JobTiming {
  /** How long a new job answers "does not exist" (the real service: several seconds). */
  readonly jobVisibleAfterMs: number;
  /** How long a job runs before it completes. */
  readonly jobDurationMs: number;
  /** Passwords whose job fails, for tests of the failure path. */
  readonly failingPasswords?: ReadonlySet<string>;
  /** How an injected fault changes this request's job. */
  readonly job?: JobFault;
}

/** The first failure as the cloud reports it: the user-name rules have their own codes. */
function policyError(violations: readonly PolicyViolation[]): Reply | undefined {
  const [first] = violations;
  if (!first) return undefined;
  if (violations.some((violation) => violation.rule === 'password.same-as-user-name'))
    return huaweiError(400, 'DBS.05000006', 'The username and password must be different.');
  if (violations.some((violation) => violation.rule === 'password.reversed-user-name'))
    return huaweiError(400, 'DBS.05000007', 'The password cannot be the username spelled backwards.');
  return huaweiError(400, 'DBS.280001', `Parameter error: the password ${first.message}.`);
}

const notFound = () => huaweiError(404, 'DBS.200002', 'The DB instance does not exist.');
const userNotFound = () => huaweiError(400, 'DBS.200824', 'The database account does not exist.');

function instanceFor(state: EmulatorState, call: HuaweiCall, kind: HuaweiInstanceKind): HuaweiInstance | undefined {
  const instance = state.huaweiInstances.get(call.path.instance_id ?? '');
  return instance && instance.kind === kind && instance.projectId === call.path.project_id ? instance : undefined;
}

const policy = (operationId: keyof typeof passwordPolicies, field: string) =>
  (passwordPolicies[operationId] as Record<string, PasswordPolicy>)[field]!;

export async function handleHuawei(state: EmulatorState, call: HuaweiCall, timing: JobTiming): Promise<Reply> {
  await state.settleJobsInEngines(call.now);
  switch (call.operationId) {
    case 'ShowGaussMySqlInstanceInfoUnifyStatus': {
      const instance = instanceFor(state, call, 'taurusdb');
      if (!instance) return notFound();
      // The twin's address: its real engine on loopback; in memory mode there is nowhere to log in.
      const address = state.engines.addresses.get(instance.id);
      return huaweiOk(200, {
        instance: {
          id: instance.id,
          name: instance.name,
          project_id: instance.projectId,
          status: 'normal',
          port: String(address?.port ?? 3306),
          private_write_ips: address ? [address.host] : [],
          public_ips: '',
          db_user_name: 'root',
          type: 'Cluster',
          node_count: 1,
          datastore: { type: 'gaussdb-mysql', version: address ? 'MariaDB 10.11 (dbpass twin)' : '8.0' },
        },
      });
    }
    case 'ResetGaussMySqlPassword': {
      const instance = instanceFor(state, call, 'taurusdb');
      if (!instance) return notFound();
      const password: string = call.body.password;
      const failed = policyError(validatePassword(policy('ResetGaussMySqlPassword', 'password'), password));
      if (failed) return failed;
      if (isWeakPassword(password))
        return huaweiError(400, 'DBS.280203', 'This is a weak password. Please enter a strong password.');
      await state.engines.setPasswords([{ account: { cloud: 'huawei', instanceId: instance.id }, password }]);
      instance.root = hashPassword(password);
      state.recordApplication({ cloud: 'huawei', instanceId: instance.id });
      return huaweiOk(200, {});
    }
    case 'ResetGaussMySqlDatabasePassword': {
      const instance = instanceFor(state, call, 'taurusdb');
      if (!instance) return notFound();
      const users: Array<{ name: string; host: string; password: string }> = call.body.users;
      const seen = new Set<string>();
      for (const user of users) {
        const key = dbUserKey(user.name, user.host);
        if (seen.has(key)) return huaweiError(400, 'DBS.280001', 'Parameter error: a user appears twice.');
        seen.add(key);
        if (!instance.users.has(key)) return userNotFound();
        const failed = policyError(
          validatePassword(policy('ResetGaussMySqlDatabasePassword', 'users[].password'), user.password, {
            userName: user.name,
          }),
        );
        if (failed) return failed;
      }
      const fault = timing.job ?? {};
      const fails =
        fault.fail === true ||
        fault.appliedInPart === true ||
        users.some((user) => timing.failingPasswords?.has(user.password));
      const job = state.createJob({
        name: 'ResetDatabasePassword',
        projectId: instance.projectId,
        instanceId: instance.id,
        createdAt: call.now,
        visibleAt: call.now + timing.jobVisibleAfterMs,
        endsAt: call.now + (fault.durationMs ?? timing.jobDurationMs),
        changes: users.map((user) => ({ key: dbUserKey(user.name, user.host), password: hashPassword(user.password) })),
        ...(state.engines.mode === 'real'
          ? {
              engineChanges: users.map((user) => ({
                account: { cloud: 'huawei', instanceId: instance.id, userName: user.name, host: user.host } as const,
                password: user.password,
              })),
            }
          : {}),
        ...(fails ? { failReason: 'Failed to change the password of the database user.' } : {}),
        ...(fault.appliedInPart ? { appliedDespiteFailure: Math.ceil(users.length / 2) } : {}),
      });
      return huaweiOk(202, { job_id: job.id });
    }
    case 'ShowGaussMySqlJobInfo': {
      const job = state.jobs.get(call.query.get('id') ?? '');
      if (!job || job.projectId !== call.path.project_id || call.now < job.visibleAt)
        return huaweiError(400, 'DBS.200543', 'The job does not exist.');
      const instance = state.huaweiInstances.get(job.instanceId);
      const done = call.now >= job.endsAt;
      const progress = Math.min(
        99,
        Math.floor(((call.now - job.createdAt) / Math.max(1, job.endsAt - job.createdAt)) * 100),
      );
      return huaweiOk(200, {
        job: {
          id: job.id,
          name: job.name,
          status: done ? (job.failReason ? 'Failed' : 'Completed') : 'Running',
          created: formatJobTime(job.createdAt),
          ...(done ? { ended: formatJobTime(job.endsAt) } : {}),
          process: done ? '' : `${progress}%`,
          instance: { id: job.instanceId, name: instance?.name ?? '' },
          entities: {},
          ...(done && job.failReason ? { fail_reason: job.failReason } : {}),
        },
      });
    }
    case 'UpdateStarRocksDatabaseUserPassword':
    case 'UpdateClickHouseDatabaseUserPassword': {
      const kind = call.operationId === 'UpdateStarRocksDatabaseUserPassword' ? 'starrocks' : 'clickhouse';
      const instance = instanceFor(state, call, kind);
      if (!instance) return notFound();
      const { user_name: userName, password } = call.body as { user_name: string; password: string };
      if (!instance.users.has(userName)) return userNotFound();
      const failed = policyError(validatePassword(policy(call.operationId, 'password'), password, { userName }));
      if (failed) return failed;
      await state.engines.setPasswords([{ account: { cloud: 'huawei', instanceId: instance.id, userName }, password }]);
      instance.users.set(userName, hashPassword(password));
      state.recordApplication({ cloud: 'huawei', instanceId: instance.id, userName });
      return huaweiOk(200, { result: 'SUCCESS' });
    }
    default:
      return huaweiError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.', {
        gateway: true,
      });
  }
}

/** `yyyy-mm-ddThh:mm:ss+0000`, the job API's format (UTC offset without a colon). */
function formatJobTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
