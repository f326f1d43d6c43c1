// Hand-written, beside the generated client (aws-sdk-js-v3 keeps waiters per client): the job semantics
// of the TaurusDB task center.
import { DbpassError, JobFailedError, sleep, TimeoutError } from '@dbpass/core';

export interface JobInfo {
  readonly id: string;
  readonly status: 'Pending' | 'Running' | 'Completed' | 'Failed';
  readonly process?: string;
  readonly fail_reason?: string;
}

/** What waitForJob needs of a client: the generated TaurusDbClient has it. */
export interface JobQueryClient {
  showGaussMySqlJobInfo(
    input: { id: string; project_id?: string },
    options?: { signal?: AbortSignal },
  ): Promise<{ job: JobInfo }>;
}

/**
 * How long a job takes, as a wait that saw one's progress predicts it: give one object to the waits of jobs started
 * together (one per cloud connection, say), and a job whose wait has not seen its own progress yet polls at that
 * predicted end instead of asking for its progress first. Any object with this property will do (`{}` to start).
 */
export interface JobDurationEstimate {
  /** The predicted duration, in milliseconds from the start of a wait; written by the waits that share it. */
  durationMs?: number | undefined;
}

export interface WaitForJobOptions {
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
  /**
   * Waited before the first poll (a new job is not visible at once), and the first interval between polls that saw
   * no progress; doubles up to `maxIntervalMs` (defaults 1 s and 10 s). A Running job that reports its progress
   * (`process` such as `60%`) is polled next at the end that progress predicts (a progress under 50% first at 80%
   * of it, to narrow the prediction), at most `maxIntervalMs` later.
   */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** How long "the job does not exist" (DBS.200543) is taken as "not visible yet" (default 30 s). */
  notFoundGraceMs?: number;
  /** Shared with the waits of jobs started together: see JobDurationEstimate. */
  estimate?: JobDurationEstimate;
  /** Called with each status seen (`process` is the progress, such as `60%`). */
  onProgress?: (job: JobInfo) => void;
  signal?: AbortSignal;
  project_id?: string;
}

const JOB_NOT_FOUND = 'DBS.200543';
/** The shortest wait between two polls of one job. */
const MIN_WAIT_MS = 50;
/**
 * A progress under this predicts the end coarsely (`16%` is anything up to 17%: the end it predicts may be 6% late);
 * the job is then polled once more at REFINE_AT of that end, and its progress there narrows the prediction.
 */
const REFINE_BELOW_PERCENT = 50;
const REFINE_AT = 0.8;
/** A wait going by another job's estimate reads it again at this share of the end, after that job's refining poll. */
const REREAD_AT = 0.9;

/** The progress a Running job reports, in percent, or undefined when it reports none (or none yet: 0%). */
function progressOf(job: JobInfo): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(job.process ?? '');
  const percent = match ? Number(match[1]) : 0;
  return percent > 0 && percent < 100 ? percent : undefined;
}

/**
 * Polls ShowGaussMySqlJobInfo until the job is Completed (returns it) or Failed (throws JobFailedError); throws
 * TimeoutError after `timeoutMs`. The first poll waits `intervalMs` (a new job is invisible for its first moments);
 * a job the service does not know yet (DBS.200543) is polled again, with exponential backoff, until
 * `notFoundGraceMs` has passed. A Running job's progress predicts its end, and the next poll goes then, rather than
 * one backoff interval later: each poll of a busy cloud's limited rate counts.
 */
export async function waitForJob(
  client: JobQueryClient,
  jobId: string,
  options: WaitForJobOptions = {},
): Promise<JobInfo> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 600_000;
  const maxIntervalMs = options.maxIntervalMs ?? 10_000;
  const notFoundGraceMs = options.notFoundGraceMs ?? 30_000;
  let interval = options.intervalMs ?? 1_000;
  /** When this job should end, from its own progress; until then, the shared estimate's. */
  let predictedEnd: number | undefined;
  let polls = 0;
  let wait = interval;
  for (;;) {
    const left = timeoutMs - (Date.now() - started);
    if (polls > 0 && left <= 0) {
      throw new TimeoutError(`job ${jobId} did not finish within ${timeoutMs} ms`, {
        operation: 'ShowGaussMySqlJobInfo',
        code: 'JobTimeout',
        $metadata: { attempts: polls },
      });
    }
    await sleep(Math.max(0, Math.min(wait, left)), options.signal);
    if (predictedEnd === undefined && options.estimate?.durationMs !== undefined) {
      // Another job of this batch showed its progress: poll at the end it predicts, skipping a poll of our own. Read
      // again near that end: the job that predicted it may have narrowed it since.
      for (const share of [REREAD_AT, 1]) {
        const until = started + options.estimate.durationMs * share;
        const untilEnd = Math.min(until - Date.now(), timeoutMs - (Date.now() - started));
        if (untilEnd >= MIN_WAIT_MS) await sleep(untilEnd, options.signal);
      }
      predictedEnd = started + options.estimate.durationMs;
    }
    polls += 1;
    // Without progress to go by: the backoff's next interval (polls at 1, 3, 7, ... times `intervalMs`).
    interval = Math.min(interval * 2, maxIntervalMs);
    wait = interval;
    try {
      const { job } = await client.showGaussMySqlJobInfo(
        { id: jobId, ...(options.project_id ? { project_id: options.project_id } : {}) },
        options.signal ? { signal: options.signal } : {},
      );
      options.onProgress?.(job);
      if (job.status === 'Completed') return job;
      if (job.status === 'Failed')
        throw new JobFailedError(jobId, job.fail_reason, {
          operation: 'ShowGaussMySqlJobInfo',
          $metadata: { attempts: polls },
        });
      const percent = job.status === 'Running' ? progressOf(job) : undefined;
      if (percent !== undefined) {
        const elapsed = Date.now() - started;
        // The percentage is rounded down: the end it predicts is the latest the progress allows, never early (an
        // early poll finds the job still Running and costs the cloud's rate one more call, a late one a few ms).
        const duration = Math.ceil((elapsed * 100) / percent);
        predictedEnd = started + duration;
        if (options.estimate) options.estimate.durationMs = duration;
        const next = percent < REFINE_BELOW_PERCENT ? started + duration * REFINE_AT : predictedEnd;
        wait = Math.min(Math.max(next - Date.now(), MIN_WAIT_MS), maxIntervalMs);
      }
    } catch (error) {
      const notYet =
        error instanceof DbpassError && error.code === JOB_NOT_FOUND && Date.now() - started < notFoundGraceMs;
      if (!notYet) throw error;
    }
  }
}

/** What changeDatabaseUserPasswordsAndWait needs of a client. */
export interface DatabaseUserPasswordClient extends JobQueryClient {
  resetGaussMySqlDatabasePassword(
    input: {
      instance_id: string;
      project_id?: string;
      body: { users: Array<{ name: string; host: string; password: string }> };
    },
    options?: { signal?: AbortSignal },
  ): Promise<{ job_id: string }>;
}

/**
 * Changes database users' passwords and waits for the job: returns the Completed job, throws
 * JobFailedError when it fails and TimeoutError when it does not finish in time.
 */
export async function changeDatabaseUserPasswordsAndWait(
  client: DatabaseUserPasswordClient,
  input: Parameters<DatabaseUserPasswordClient['resetGaussMySqlDatabasePassword']>[0],
  options: WaitForJobOptions = {},
): Promise<JobInfo & { readonly jobId: string }> {
  const { job_id: jobId } = await client.resetGaussMySqlDatabasePassword(
    input,
    options.signal ? { signal: options.signal } : {},
  );
  const job = await waitForJob(client, jobId, {
    ...(input.project_id ? { project_id: input.project_id } : {}),
    ...options,
  });
  return { ...job, jobId };
}
