import type { Reply } from '../http.js';
import type { StoredPassword } from '../password-store.js';
import type { EmulatorState, HuaweiInstance, Job, JobWork } from '../state.js';
import type { HuaweiCall, JobTiming } from './calls.js';
import { huaweiError, huaweiOk } from './replies.js';

/**
 * Queues a job of an instance, with whatever an injected fault does to it (fails, runs long, makes only its first
 * half), and answers `{ job_id }` with the operation's status. Every job operation goes through here.
 */
export function startJob(
  state: EmulatorState,
  call: HuaweiCall,
  timing: JobTiming,
  instance: HuaweiInstance,
  job: {
    readonly name: string;
    readonly status: number;
    readonly work: JobWork;
    readonly changes?: ReadonlyArray<{ key: string; password: StoredPassword }>;
    /** The job fails whatever the faults (a password of `failingPasswords`). */
    readonly fails?: boolean;
    readonly failReason: string;
  },
): Reply {
  const fault = timing.job ?? {};
  const fails = job.fails === true || fault.fail === true || fault.appliedInPart === true;
  const created: Job = state.createJob({
    name: job.name,
    projectId: instance.projectId,
    instanceId: instance.id,
    createdAt: call.now,
    visibleAt: call.now + timing.jobVisibleAfterMs,
    endsAt: call.now + (fault.durationMs ?? timing.jobDurationMs),
    changes: job.changes ?? [],
    work: job.work,
    ...(fails ? { failReason: job.failReason } : {}),
    ...(fault.appliedInPart ? { appliedDespiteFailure: Math.ceil(job.work.size / 2) } : {}),
  });
  return huaweiOk(job.status, { job_id: created.id });
}

/** `ShowGaussMySqlJobInfo`: "does not exist" until the job is visible, Running, then Completed or Failed. */
export function showJob(state: EmulatorState, call: HuaweiCall): Reply {
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

/** `yyyy-mm-ddThh:mm:ss+0000`, the job API's format (UTC offset without a colon). */
function formatJobTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
