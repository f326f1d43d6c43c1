/** Which waiting requests go out first: `first` for those that finish work already sent (a job poll). */
export type RequestPriority = 'first' | 'normal';

interface Waiter {
  readonly arrivedAt: number;
  readonly grant: () => void;
}

/** As `timers/promises` rejects a cancelled wait, so that a cancelled call reads "aborted" as it always has. */
class AbortError extends Error {
  override readonly name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(cause: unknown) {
    super('The operation was aborted', { cause });
  }
}

const WINDOW_MS = 1_000;

/**
 * Spaces requests to one cloud `1 / perSecond` apart, never more than `perSecond` in any second, and holds all of
 * them after a 429 until its Retry-After (core retries the throttled call itself; this keeps the other accounts
 * from piling on). Waiters are served in the order they came, `first` ones before the others, by one timer: each
 * slot follows the one before it rather than the moment a late timer fired, so a busy event loop does not slow a
 * saturated cloud below its rate (the one-second window still caps what a late timer lets through at once).
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private readonly perWindow: number;
  /** When the last `perWindow` requests were let through, oldest first. */
  private readonly granted: number[] = [];
  private nextSlot = 0;
  private pausedUntil = 0;
  private readonly queues: Record<RequestPriority, Waiter[]> = { first: [], normal: [] };
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(perSecond: number | undefined) {
    this.intervalMs = perSecond ? 1_000 / perSecond : 0;
    this.perWindow = perSecond ? Math.max(1, Math.floor(perSecond)) : Number.POSITIVE_INFINITY;
  }

  /** Resolves when this request may be sent; rejects with an AbortError if `signal` aborts first. */
  acquire(signal?: AbortSignal, priority: RequestPriority = 'normal'): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
    return new Promise((resolve, reject) => {
      const queue = this.queues[priority];
      const onAbort = () => {
        queue.splice(queue.indexOf(waiter), 1);
        reject(new AbortError(signal?.reason));
      };
      const waiter: Waiter = {
        arrivedAt: Date.now(),
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.serve();
    });
  }

  /** A 429 arrived: nobody sends to this cloud for `delayMs`. */
  backOff(delayMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delayMs);
  }

  /** Lets through every waiter whose slot has come, then sleeps until the next one's. */
  private serve(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      const queue = this.queues.first.length > 0 ? this.queues.first : this.queues.normal;
      const waiter = queue[0];
      if (!waiter) return;
      const now = Date.now();
      const slot = this.slotFor(waiter);
      if (slot > now) {
        this.timer = setTimeout(() => this.serve(), slot - now);
        return;
      }
      queue.shift();
      this.nextSlot = slot + this.intervalMs;
      if (Number.isFinite(this.perWindow)) {
        this.granted.push(now);
        if (this.granted.length > this.perWindow) this.granted.shift();
      }
      waiter.grant();
    }
  }

  private slotFor(waiter: Waiter): number {
    const windowFull = this.granted.length >= this.perWindow;
    return Math.max(waiter.arrivedAt, this.nextSlot, this.pausedUntil, windowFull ? this.granted[0]! + WINDOW_MS : 0);
  }
}
