import { NOT_SENT_CODE } from './transport.js';

/**
 * When to send a request again, as plain data (like octokit's plugin-retry). Defaults below; every field
 * can be overridden per client (`retry` option).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 turns retries off). */
  readonly maxAttempts: number;
  /** Backoff: a random delay in [0, min(maxDelayMs, baseDelayMs * 2^retry)] ("full jitter"). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Statuses that mean the request was not carried out: retried for every operation. */
  readonly notProcessedStatuses: readonly number[];
  /** Statuses retried only for idempotent operations (the request may have been carried out). */
  readonly idempotentRetryStatuses: readonly number[];
  /** 409 answers with these codes are "busy, try later" and retried (default: the spec's `x-dbpass-transient-codes`). */
  readonly transientCodes: ReadonlySet<string>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  // 429 throttling and 503 unavailable are answered before the operation runs.
  notProcessedStatuses: [429, 503],
  // A 500 is a definite failure, but 502/504 mean the gateway lost the backend's answer.
  idempotentRetryStatuses: [500, 502, 504],
  transientCodes: new Set(),
};

/** Network error codes that mean the request never left (no connection was made). */
export const NOT_SENT_ERROR_CODES: ReadonlySet<string> = new Set([
  NOT_SENT_CODE,
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Node's codes of a certificate refused during the TLS handshake (..._CERT..., UNABLE_TO_VERIFY_LEAF_SIGNATURE). */
export const CERTIFICATE_REFUSED = /CERT|UNABLE_TO_VERIFY/;

/** Milliseconds to wait from a `Retry-After` header (seconds or an HTTP date), if it has one. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The full-jitter backoff delay before retry number `retry` (1-based). */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1)));
}
