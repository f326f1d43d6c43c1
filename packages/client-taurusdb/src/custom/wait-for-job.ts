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

export interface WaitForJobOptions {
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
  /** First poll interval; doubles up to `maxIntervalMs` (defaults 1 s and 10 s). */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** How long "the job does not exist" (DBS.200543) is taken as "not visible yet" (default 30 s). */
  notFoundGraceMs?: number;
  /** Called with each status seen (`process` is the progress, such as `60%`). */
  onProgress?: (job: JobInfo) => void;
  signal?: AbortSignal;
  project_id?: string;
}

const JOB_NOT_FOUND = 'DBS.200543';

/**
 * Polls ShowGaussMySqlJobInfo until the job is Completed (returns it) or Failed (throws JobFailedError),
 * with exponential backoff; throws TimeoutError after `timeoutMs`. A job the service does not know yet
 * (DBS.200543 in its first seconds) is polled again until `notFoundGraceMs` has passed.
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
  let polls = 0;
  for (;;) {
    polls += 1;
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
    } catch (error) {
      const notYet =
        error instanceof DbpassError && error.code === JOB_NOT_FOUND && Date.now() - started < notFoundGraceMs;
      if (!notYet) throw error;
    }
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) {
      throw new TimeoutError(`job ${jobId} did not finish within ${timeoutMs} ms`, {
        operation: 'ShowGaussMySqlJobInfo',
        code: 'JobTimeout',
        $metadata: { attempts: polls },
      });
    }
    await sleep(Math.min(interval, left), options.signal);
    interval = Math.min(interval * 2, maxIntervalMs);
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
