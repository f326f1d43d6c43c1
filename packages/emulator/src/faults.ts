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
 * - `job-fail`: the database-user job is created but ends Failed;
 * - `slow-job`: the database-user job runs for `latencyMs` (a number, or a range drawn from with the seeded PRNG);
 * - `partial-batch`: the database-user job changes the first half of its users (at least one) and ends Failed
 *   (a create job creates the first half of its users, a grant job grants to them).
 * The job kinds fit only the operations that create jobs (`JOB_OPERATIONS`): a rule of a job kind, or a job kind
 * in `oneOf`, passes over every other request.
 */
export type FaultKind =
  | 'status'
  | 'latency'
  | 'reset-before'
  | 'reset-after'
  | 'truncated'
  | 'non-json'
  | 'job-fail'
  | 'slow-job'
  | 'partial-batch';

/** The operations whose answer is a job (TaurusDB database users), the only ones job faults can change. */
export const JOB_OPERATIONS: ReadonlySet<string> = new Set([
  'ResetGaussMySqlDatabasePassword',
  'CreateGaussMySqlDatabaseUser',
  'AddDatabasePermission',
]);
export const JOB_KINDS: ReadonlySet<FaultKind> = new Set(['job-fail', 'slow-job', 'partial-batch']);

/** Whether a fault can happen to a request of this operation. */
function fits(fault: Fault, operationId: string | undefined): boolean {
  if (fault.operationId !== undefined && fault.operationId !== operationId) return false;
  return !(fault.kind && JOB_KINDS.has(fault.kind)) || JOB_OPERATIONS.has(operationId ?? '');
}

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
  /** For `latency` and `slow-job`: milliseconds, or `[least, most]` to draw from. */
  readonly latencyMs?: number | readonly [number, number];
  /** Chance per matching request (default 1). */
  readonly probability?: number;
  /** How many requests it hits (default 1 without a probability, unlimited with one). */
  readonly times?: number;
  /** When the rule fires, one of these that fits the operation (chosen with the seeded PRNG) is injected instead. */
  readonly oneOf?: readonly Fault[];
}

export interface FaultPlan {
  readonly kind: FaultKind;
  readonly fault: Fault;
  /** `latencyMs`, drawn from its range where it is one. */
  readonly latencyMs?: number;
}

/** How an injected fault changes the job a request creates (if it creates one). */
export interface JobFault {
  readonly fail?: boolean;
  readonly durationMs?: number;
  /** The job changes the first half of its users, then ends Failed. */
  readonly appliedInPart?: boolean;
}

export function jobFaultOf(plan: FaultPlan | undefined): JobFault {
  switch (plan?.kind) {
    case 'job-fail':
      return { fail: true };
    case 'partial-batch':
      return { appliedInPart: true };
    case 'slow-job':
      return { durationMs: plan.latencyMs ?? 1_000 };
    default:
      return {};
  }
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
      if (!fits(rule, operationId)) continue;
      // Of `oneOf`, only the faults that can happen to this operation.
      const candidates = rule.oneOf?.filter((one) => fits(one, operationId));
      if (candidates?.length === 0) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.left -= 1;
      if (rule.left <= 0) this.rules.splice(index, 1);
      const fault = candidates ? candidates[Math.floor(this.random() * candidates.length)]! : rule;
      const kind = fault.kind ?? 'status';
      const label =
        kind === 'status' ? `status ${fault.status ?? 500}${fault.retryAfter ? ' +Retry-After' : ''}` : kind;
      this.fired[label] = (this.fired[label] ?? 0) + 1;
      const range = fault.latencyMs;
      if (range === undefined) return { kind, fault };
      const latencyMs =
        typeof range === 'number' ? range : Math.round(range[0] + this.random() * Math.max(0, range[1] - range[0]));
      return { kind, fault, latencyMs };
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

/**
 * `--faults <probability>`: every fault the clouds are known for, on that share of requests (IAM's included):
 * refusals, throttling, resets before and after the operation ran, answers cut short or replaced by a gateway's
 * page, and for database-user jobs (a rule of their own, as they are few of a run's requests; password resets,
 * user creation and grants alike): failing, slow (0.1 to 5 s) and batches applied in part. The crash suites' mix,
 * and `dbpass-emulator --faults`.
 */
export function defaultFaultMix(chance: number): Fault[] {
  return [
    {
      // No operation named: the job kinds fit the job operations only.
      probability: chance,
      oneOf: [{ kind: 'job-fail' }, { kind: 'slow-job', latencyMs: [100, 5_000] }, { kind: 'partial-batch' }],
    },
    {
      probability: chance,
      oneOf: [
        { kind: 'status', status: 429, retryAfter: '0' },
        { kind: 'status', status: 409 },
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
        { kind: 'status', status: 503 },
        { kind: 'reset-before' },
        { kind: 'reset-after' },
        { kind: 'truncated' },
        { kind: 'non-json' },
      ],
    },
  ];
}
