import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces requests to one cloud at most `perSecond` apart, and holds all of them after a 429 until its
 * Retry-After (core retries the throttled call itself; this keeps the other accounts from piling on).
 */
export class RateLimiter {
  private nextAt = 0;
  private pausedUntil = 0;
  private readonly intervalMs: number;

  constructor(perSecond: number | undefined) {
    this.intervalMs = perSecond ? 1_000 / perSecond : 0;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      const at = Math.max(now, this.nextAt, this.pausedUntil);
      if (at <= now) {
        this.nextAt = now + this.intervalMs;
        return;
      }
      await sleep(at - now, undefined, signal ? { signal } : {});
    }
  }

  /** A 429 arrived: nobody sends to this cloud for `delayMs`. */
  backOff(delayMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delayMs);
  }
}
