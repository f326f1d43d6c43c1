import { CERTIFICATE_REFUSED, NOT_SENT_ERROR_CODES, type RetryPolicy } from './retry-policy.js';

/** What is known about one attempt once it ended. */
export interface AttemptFacts {
  readonly method: string;
  /** From the operation table. */
  readonly idempotent: boolean;
  /** The HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** For an attempt without a response: the error's name and network code (ECONNRESET, ...). */
  readonly errorName?: string | undefined;
  readonly networkCode?: string | undefined;
  /** The cloud's error code in the body (read for 409 only). */
  readonly code?: string | undefined;
  /** Whether the body parses as JSON (an empty body does). */
  readonly jsonBody: boolean;
}

/** What to do after an attempt. `applied` says the attempt may have been carried out. */
export interface Verdict {
  readonly action: 'return' | 'retry' | 'unknown';
  readonly applied: boolean;
  readonly why: string;
}

interface Rule {
  readonly when: (facts: AttemptFacts, policy: RetryPolicy) => boolean;
  readonly decide: (facts: AttemptFacts) => Verdict;
}

// A read changes nothing, so an attempt of it is never "applied".
const changes = (facts: AttemptFacts) => facts.method !== 'GET' && facts.method !== 'HEAD';
const onlyIfIdempotent = (facts: AttemptFacts, why: string): Verdict => ({
  action: facts.idempotent ? 'retry' : 'unknown',
  applied: changes(facts),
  why,
});
const ok = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;
const listed = (statuses: readonly number[], status: number | undefined) =>
  status !== undefined && statuses.includes(status);

/** The decision, first matching rule wins (aws util-retry's strategy, kept apart from the loop). */
const RULES: readonly Rule[] = [
  {
    // Also a certificate refused in the TLS handshake: before a byte of the request.
    when: (facts) =>
      facts.status === undefined &&
      facts.networkCode !== undefined &&
      (NOT_SENT_ERROR_CODES.has(facts.networkCode) || CERTIFICATE_REFUSED.test(facts.networkCode)),
    decide: (facts) => ({ action: 'retry', applied: false, why: `connection failed (${facts.networkCode})` }),
  },
  {
    when: (facts) => facts.status === undefined,
    decide: (facts) =>
      onlyIfIdempotent(
        facts,
        facts.errorName === 'TimeoutError'
          ? 'the attempt timed out'
          : `the connection failed after sending (${facts.networkCode ?? facts.errorName})`,
      ),
  },
  {
    when: (facts, policy) => listed(policy.notProcessedStatuses, facts.status),
    decide: (facts) => ({ action: 'retry', applied: false, why: `HTTP ${facts.status}` }),
  },
  {
    when: (facts, policy) => facts.status === 409 && facts.code !== undefined && policy.transientCodes.has(facts.code),
    decide: (facts) => ({ action: 'retry', applied: false, why: `busy (${facts.code})` }),
  },
  // A 500 is a definite failure, but 502/504 mean the gateway lost the backend's answer.
  {
    when: (facts, policy) => facts.idempotent && listed(policy.idempotentRetryStatuses, facts.status),
    decide: (facts) => ({
      action: 'retry',
      applied: changes(facts) && facts.status !== 500,
      why: `HTTP ${facts.status}`,
    }),
  },
  {
    when: (facts, policy) => facts.status !== 500 && listed(policy.idempotentRetryStatuses, facts.status),
    decide: (facts) => ({ action: 'unknown', applied: true, why: `HTTP ${facts.status} from the gateway` }),
  },
  {
    when: (facts) => ok(facts.status) && !facts.jsonBody,
    decide: (facts) => onlyIfIdempotent(facts, `HTTP ${facts.status} with a body that is not JSON`),
  },
  {
    when: () => true,
    decide: (facts) => ({ action: 'return', applied: ok(facts.status), why: `HTTP ${facts.status}` }),
  },
];

/** Whether to return an attempt's answer, send again, or stop with an unknown outcome. */
export function decideRetry(facts: AttemptFacts, policy: RetryPolicy): Verdict {
  return (RULES.find((rule) => rule.when(facts, policy)) as Rule).decide(facts);
}
