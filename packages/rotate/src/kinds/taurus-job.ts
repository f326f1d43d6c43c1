import { type JobInfo, type TaurusDbClient, waitForJob } from '@dbpass/client-taurusdb';
import type { SetContext } from './account-kind.js';

/**
 * Waits for a TaurusDB job a call just started, as a set waits for its own: `job:created` passes first, `job:polled`
 * at each status seen. Returns the Completed job; throws JobFailedError or TimeoutError.
 */
export async function waitForTaurusJob(
  taurus: TaurusDbClient,
  jobId: string,
  { checkpoint, jobWait }: SetContext,
): Promise<JobInfo> {
  checkpoint('job:created');
  return waitForJob(taurus, jobId, {
    intervalMs: jobWait.intervalMs ?? 1_000,
    maxIntervalMs: Math.max(jobWait.intervalMs ?? 1_000, 5_000),
    ...(jobWait.timeoutMs ? { timeoutMs: jobWait.timeoutMs } : {}),
    ...(jobWait.estimate ? { estimate: jobWait.estimate } : {}),
    onProgress: () => checkpoint('job:polled'),
  });
}
