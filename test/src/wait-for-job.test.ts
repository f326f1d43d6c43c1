// waitForJob's timing on a job service that behaves like TaurusDB's task center (as the emulator does): a new job is
// unknown (DBS.200543) for its first moments, then Running with its progress rounded down (`16%`), then Completed.
// The clock is vitest's fake one, so each poll's time is exact and nothing waits for real time.
import { type JobDurationEstimate, type JobInfo, NotFoundError, waitForJob } from '@dbpass/client-taurusdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const VISIBLE_AFTER_MS = 300;

/** A task center whose jobs each take `durationMs` from their creation; records when each job is polled. */
function taskCenter(durationMs: number) {
  const created = new Map<string, number>();
  const polls = new Map<string, number[]>();
  return {
    polls,
    create(id: string) {
      created.set(id, Date.now());
      polls.set(id, []);
    },
    async showGaussMySqlJobInfo({ id }: { id: string }): Promise<{ job: JobInfo }> {
      const elapsed = Date.now() - created.get(id)!;
      polls.get(id)!.push(elapsed);
      if (elapsed < VISIBLE_AFTER_MS)
        throw new NotFoundError('The job does not exist.', { code: 'DBS.200543', operation: 'ShowGaussMySqlJobInfo' });
      if (elapsed >= durationMs) return { job: { id, status: 'Completed', process: '' } };
      return { job: { id, status: 'Running', process: `${Math.floor((elapsed / durationMs) * 100)}%` } };
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs the wait to its end on the fake clock. */
async function settle<T>(wait: Promise<T>): Promise<T> {
  let done = false;
  const end = () => {
    done = true;
  };
  wait.then(end, end);
  while (!done) await vi.advanceTimersByTimeAsync(10);
  return wait;
}

describe('waitForJob timing', () => {
  it('polls first after intervalMs (never for a job too new to exist), then at the end its progress predicts', async () => {
    const center = taskCenter(3_000);
    center.create('a');
    const job = await settle(waitForJob(center, 'a', { intervalMs: 500, maxIntervalMs: 5_000 }));
    expect(job.status).toBe('Completed');
    const polls = center.polls.get('a')!;
    // At 500 ms it is 16% done (16.7% rounded down): it ends by 500 / 0.16 = 3,125 ms at the latest. So coarse a
    // prediction is narrowed at 80% of it: at 2,500 ms it is 83% done, so it ends by 3,013 ms, and is polled then.
    expect(polls[0]).toBe(500);
    expect(polls).toHaveLength(3);
    expect(polls[1]).toBe(2_500);
    expect(polls[2]).toBeGreaterThanOrEqual(3_000);
    expect(polls[2]).toBeLessThanOrEqual(3_020);
  });

  it('backs off, polling 1, 3, 7, 15 and 31 intervals after the start, while the job reports no progress', async () => {
    const center = taskCenter(2_000);
    const silent = {
      showGaussMySqlJobInfo: async (input: { id: string }) => {
        const { job } = await center.showGaussMySqlJobInfo(input);
        return { job: { ...job, process: '' } };
      },
    };
    center.create('a');
    await settle(waitForJob(silent, 'a', { intervalMs: 100, maxIntervalMs: 10_000 }));
    expect(center.polls.get('a')).toEqual([100, 300, 700, 1_500, 3_100]);
  });

  it('a job whose wait starts after another showed its progress skips its own progress poll (a shared estimate)', async () => {
    const center = taskCenter(3_000);
    const estimate: JobDurationEstimate = {};
    center.create('a');
    const first = waitForJob(center, 'a', { intervalMs: 500, maxIntervalMs: 5_000, estimate });
    await vi.advanceTimersByTimeAsync(200);
    center.create('b');
    const second = waitForJob(center, 'b', { intervalMs: 500, maxIntervalMs: 5_000, estimate });
    await settle(Promise.all([first, second]));
    expect(estimate.durationMs).toBeGreaterThanOrEqual(3_000);
    expect(center.polls.get('a')).toHaveLength(3);
    // One poll, at the end of the estimate as the first job narrowed it (3,013 ms), not as first read (3,125 ms).
    const polls = center.polls.get('b')!;
    expect(polls).toHaveLength(1);
    expect(polls[0]).toBeGreaterThanOrEqual(3_000);
    expect(polls[0]).toBeLessThanOrEqual(3_020);
  });

  it('still times out, and still takes "does not exist" as "not yet" only for notFoundGraceMs', async () => {
    const slow = taskCenter(60_000);
    slow.create('a');
    const timedOut = settle(waitForJob(slow, 'a', { intervalMs: 500, timeoutMs: 2_000 })).catch((error) => error);
    expect(await timedOut).toMatchObject({ name: 'TimeoutError', code: 'JobTimeout' });
    expect(Math.max(...slow.polls.get('a')!)).toBeLessThanOrEqual(2_000);

    const never = {
      showGaussMySqlJobInfo: async (): Promise<{ job: JobInfo }> => {
        throw new NotFoundError('The job does not exist.', { code: 'DBS.200543' });
      },
    };
    const gone = settle(waitForJob(never, 'b', { intervalMs: 100, notFoundGraceMs: 1_000 })).catch((error) => error);
    expect(await gone).toBeInstanceOf(NotFoundError);
  });
});
