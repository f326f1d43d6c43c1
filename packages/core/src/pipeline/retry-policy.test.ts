import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY_POLICY, retryAfterMs } from './retry-policy.js';

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs(new Date(now + 7_000).toUTCString(), now)).toBe(7_000);
    expect(retryAfterMs(new Date(now - 7_000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('full-jitter backoff', () => {
  it('stays within [0, min(max, base * 2^(retry-1))]', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffMs(policy, 1, () => 0.999999)).toBe(99);
    expect(backoffMs(policy, 3, () => 0.999999)).toBe(399);
    expect(backoffMs(policy, 10, () => 0.999999)).toBe(999);
    expect(backoffMs(policy, 10, () => 0)).toBe(0);
  });
});
