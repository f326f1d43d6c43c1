import type { Reply } from './http.js';
import { huaweiError } from './huawei/replies.js';
import { oceanbaseError } from './oceanbase/handlers.js';

/**
 * A fault the emulator injects instead of (or around) handling a request:
 * - `status`: an error answer in the cloud's format, the operation not carried out (409 busy, 429 with
 *   or without Retry-After, 500, 502, 503, 504);
 * - `latency`: a delay before handling;
 * - `reset-before` / `reset-after`: the connection is dropped before, or after, the operation is carried out;
 * - `truncated` / `non-json`: the operation is carried out, the answer is cut short or is an HTML page;
 * - `job-fail`: the database-user job is created but ends Failed.
 */
export type FaultKind = 'status' | 'latency' | 'reset-before' | 'reset-after' | 'truncated' | 'non-json' | 'job-fail';

export interface Fault {
  readonly kind?: FaultKind;
  /** Which operation (default: any, including IAM's KeystoneCreateUserTokenByPassword). */
  readonly operationId?: string;
  /** For `status`: usually 409, 429, 500, 502, 503 or 504; any status with a `code`. */
  readonly status?: number;
  /** An error code other than the usual one for the status (for `status`). */
  readonly code?: string;
  /** `Retry-After` to send with the status. */
  readonly retryAfter?: string;
  /** For `latency`. */
  readonly latencyMs?: number;
  /** Chance per matching request (default 1). */
  readonly probability?: number;
  /** How many requests it hits (default 1 without a probability, unlimited with one). */
  readonly times?: number;
  /** When the rule fires, one of these (chosen with the seeded PRNG) is injected instead. */
  readonly oneOf?: readonly Fault[];
}

export interface FaultPlan {
  readonly kind: FaultKind;
  readonly fault: Fault;
}

const HUAWEI_STATUS: Record<number, [string, string]> = {
  409: ['DBS.200011', 'Another operation is being performed on the DB instance or the DB instance is faulty.'],
  429: ['APIG.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second'],
  500: ['DBS.108000', 'Server failure.'],
  502: ['APIG.0202', 'Backend unavailable.'],
  503: ['APIG.0201', 'Backend timeout or unavailable.'],
  504: ['APIG.0203', 'Backend timeout.'],
};

/** A seeded PRNG (mulberry32): the same seed injects the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Faults configured per route and by probability; the first matching fault that fires wins. */
export class FaultInjector {
  private readonly rules: Array<Fault & { left: number }> = [];
  private readonly random: () => number;
  /** How many of each kind fired. */
  readonly fired: Record<string, number> = {};

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  add(fault: Fault): void {
    this.rules.push({
      ...fault,
      left: fault.times ?? (fault.probability === undefined ? 1 : Number.POSITIVE_INFINITY),
    });
  }

  clear(): void {
    this.rules.length = 0;
  }

  pick(operationId: string | undefined): FaultPlan | undefined {
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index]!;
      if (rule.operationId !== undefined && rule.operationId !== operationId) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.left -= 1;
      if (rule.left <= 0) this.rules.splice(index, 1);
      const fault = rule.oneOf ? rule.oneOf[Math.floor(this.random() * rule.oneOf.length)]! : rule;
      const kind = fault.kind ?? 'status';
      const label =
        kind === 'status' ? `status ${fault.status ?? 500}${fault.retryAfter ? ' +Retry-After' : ''}` : kind;
      this.fired[label] = (this.fired[label] ?? 0) + 1;
      return { kind, fault };
    }
    return undefined;
  }
}

/** The error answer of a `status` fault, in the cloud's own format. */
export function faultReply(fault: Fault, cloud: 'huawei' | 'oceanbase', requestId: string | null): Reply {
  const status = fault.status ?? 500;
  const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : undefined;
  if (cloud === 'oceanbase') {
    const code = fault.code ?? (status === 429 ? 'Throttling' : status === 409 ? 'Conflict' : 'E001R000');
    return oceanbaseError(status, code, status >= 500 ? 'Unknown Error' : 'Try again later.', requestId, headers);
  }
  const [code, message] = fault.code
    ? [fault.code, `Injected ${fault.code}.`]
    : (HUAWEI_STATUS[status] ?? ['DBS.108000', 'Server failure.']);
  return huaweiError(status, code, message, { gateway: code.startsWith('APIG'), ...(headers ? { headers } : {}) });
}
