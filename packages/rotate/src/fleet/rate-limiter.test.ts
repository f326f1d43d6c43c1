import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, type RequestPriority } from './rate-limiter.js';

// The clock is faked (timers and Date) so that a late timer, a stalled event loop, can be made exactly.
const realSetTimeout = globalThis.setTimeout;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Fails instead of hanging when the limiter waits on something the fake clock does not drive. */
const settled = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      realSetTimeout(() => reject(new Error('the limiter let nothing through on the test clock')), 5_000),
    ),
  ]);

/** Starts `count` acquires at once; records when (Date.now) and in which order each is let through. */
function queue(limiter: RateLimiter, count: number, priority: RequestPriority = 'normal', name = 'n') {
  const granted: Array<{ name: string; at: number }> = [];
  const done = Promise.all(
    Array.from({ length: count }, (_, index) =>
      limiter.acquire(undefined, priority).then(() => granted.push({ name: `${name}${index}`, at: Date.now() })),
    ),
  );
  return { granted, done };
}

describe('RateLimiter', () => {
  it('lets requests through 1 / perSecond apart, in the order they came', async () => {
    const { granted, done } = queue(new RateLimiter(10), 5);
    await vi.runAllTimersAsync();
    await settled(done);
    expect(granted).toEqual([0, 100, 200, 300, 400].map((at, index) => ({ name: `n${index}`, at })));
  });

  it('keeps one timer however many wait, instead of waking every waiter for every slot', async () => {
    const { granted, done } = queue(new RateLimiter(50), 60);
    expect(granted).toHaveLength(0);
    await Promise.resolve();
    expect(granted).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(granted).toHaveLength(26);
    expect(vi.getTimerCount()).toBe(1);
    await vi.runAllTimersAsync();
    await settled(done);
    expect(granted.map((grant) => grant.name)).toEqual(Array.from({ length: 60 }, (_, index) => `n${index}`));
  });

  it('lets no more than perSecond through in any second after a stall', async () => {
    const { granted, done } = queue(new RateLimiter(10), 20);
    await vi.advanceTimersByTimeAsync(250);
    // 550 ms pass while the event loop is busy elsewhere: no timer fires meanwhile.
    vi.setSystemTime(Date.now() + 550);
    await vi.runAllTimersAsync();
    await settled(done);
    const times = granted.map((grant) => grant.at);
    expect(times).toHaveLength(20);
    for (let index = 0; index + 10 < times.length; index++)
      expect(times[index + 10]! - times[index]!).toBeGreaterThanOrEqual(1_000);
  });

  it('serves `first` requests (job polls) before the others waiting', async () => {
    const limiter = new RateLimiter(10);
    const normal = queue(limiter, 3, 'normal', 'set');
    const first = queue(limiter, 1, 'first', 'poll');
    await vi.runAllTimersAsync();
    await settled(Promise.all([normal.done, first.done]));
    const order = [...normal.granted, ...first.granted].sort((a, b) => a.at - b.at).map((grant) => grant.name);
    expect(order).toEqual(['set0', 'poll0', 'set1', 'set2']);
  });

  it('holds every request after a 429 until its Retry-After, with or without a rate', async () => {
    for (const perSecond of [10, undefined]) {
      const limiter = new RateLimiter(perSecond);
      const start = Date.now();
      await limiter.acquire();
      limiter.backOff(1_000);
      const { granted, done } = queue(limiter, 2);
      await vi.runAllTimersAsync();
      await settled(done);
      expect(granted.map((grant) => grant.at - start)).toEqual(perSecond ? [1_000, 1_100] : [1_000, 1_000]);
    }
  });

  it('rejects a wait its signal aborts with an AbortError, and the next request takes the slot', async () => {
    const limiter = new RateLimiter(10);
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const { granted, done } = queue(limiter, 1);
    controller.abort(new Error('deadline'));
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError', cause: new Error('deadline') });
    await vi.runAllTimersAsync();
    await settled(done);
    expect(granted).toEqual([{ name: 'n0', at: 100 }]);
    await expect(limiter.acquire(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
