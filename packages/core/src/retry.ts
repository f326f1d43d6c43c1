import { DbpassError, OutcomeUnknownError, TimeoutError } from './errors.js';
import { backoffMs, NOT_SENT_ERROR_CODES, retryAfterMs, type RetryPolicy } from './retry-policy.js';
import type { CallContext, Middleware, OutgoingRequest } from './transport.js';
import { readWhole, type ResponseBody } from './response-body.js';
import { parseErrorBody } from './parse-error-response.js';
import { sleep } from './sleep.js';

export interface RetryOptions {
  readonly policy: RetryPolicy;
  /** Each attempt is aborted after this long (and never outlives the call's deadline). */
  readonly attemptTimeoutMs: number;
  readonly random?: () => number;
}

type Outcome = { response: Response; body: ResponseBody; error?: undefined } | { response?: undefined; body?: undefined; error: unknown };

/** What to do after an attempt. `applied` says the attempt may have been carried out. */
interface Verdict {
  readonly action: 'return' | 'retry' | 'unknown';
  readonly applied: boolean;
  readonly why: string;
}

function networkCode(error: unknown): string | undefined {
  const err = error as { code?: string; cause?: { code?: string } };
  return err?.cause?.code ?? err?.code;
}

function judge(outcome: Outcome, request: OutgoingRequest, policy: RetryPolicy): Verdict {
  const { context } = request;
  // A read changes nothing, so an attempt of it is never "applied".
  const changes = !['GET', 'HEAD'].includes(request.method);
  const onlyIfIdempotent = (why: string): Verdict => ({ action: context.idempotent ? 'retry' : 'unknown', applied: changes, why });
  if (outcome.error !== undefined) {
    const code = networkCode(outcome.error);
    if (code && NOT_SENT_ERROR_CODES.has(code)) return { action: 'retry', applied: false, why: `connection failed (${code})` };
    const name = (outcome.error as Error)?.name;
    return onlyIfIdempotent(name === 'TimeoutError' ? 'the attempt timed out' : `the connection failed after sending (${code ?? name})`);
  }
  const { response, body } = outcome as { response: Response; body: ResponseBody };
  if (policy.notProcessedStatuses.includes(response.status)) return { action: 'retry', applied: false, why: `HTTP ${response.status}` };
  if (response.status === 409) {
    const { code } = parseErrorBody(body.json.value, response.headers);
    if (code && policy.transientCodes.has(code)) return { action: 'retry', applied: false, why: `busy (${code})` };
  }
  if (policy.idempotentRetryStatuses.includes(response.status)) {
    if (context.idempotent) return { action: 'retry', applied: changes && response.status !== 500, why: `HTTP ${response.status}` };
    if (response.status !== 500) return { action: 'unknown', applied: true, why: `HTTP ${response.status} from the gateway` };
  }
  if (response.ok && !body.json.ok) return onlyIfIdempotent(`HTTP ${response.status} with a body that is not JSON`);
  return { action: 'return', applied: response.ok, why: `HTTP ${response.status}` };
}

const metadata = (context: CallContext) => ({ attempts: context.attempts, totalRetryDelay: context.totalRetryDelay });

function outcomeUnknown(context: CallContext, why: string, cause?: unknown): OutcomeUnknownError {
  const advice = context.idempotent ? 'an earlier attempt may have been carried out' : 'sending it again could carry it out twice';
  return new OutcomeUnknownError(`${context.operation}: the outcome is unknown (${why}); ${advice}. Check the target before trying again.`, context.target(), {
    operation: context.operation,
    $metadata: metadata(context),
    ...(cause === undefined ? {} : { cause: summarize(cause) }),
  });
}

/** A cause that keeps an underlying error's kind but none of its payload. */
function summarize(error: unknown): Record<string, unknown> {
  const err = error as DbpassError & { cause?: { code?: string } };
  return { name: err?.name, code: err?.code ?? err?.cause?.code, message: typeof err?.message === 'string' ? err.message.split('\n')[0] : undefined };
}

/**
 * Retries as middleware: exponential backoff with full jitter, `Retry-After` honoured, capped by
 * `maxAttempts` and by the call's deadline (nothing is sent after it); each attempt goes down the chain
 * again, so it is authenticated and signed afresh. Only what is safe is retried (see RetryPolicy); when an
 * attempt may have been carried out and repeating it is not safe, or the final answer is a failure after
 * such an attempt, the call ends in OutcomeUnknownError.
 */
export function retryMiddleware(options: RetryOptions): Middleware {
  const { policy } = options;
  return (next) => async (request: OutgoingRequest) => {
    const { context } = request;
    let mayHaveApplied = false;
    for (let attempt = 1; ; attempt++) {
      const remaining = context.deadline - Date.now();
      if (context.signal?.aborted || remaining <= 0) {
        const why = context.signal?.aborted ? 'cancelled by the caller' : 'the deadline passed before the attempt';
        if (mayHaveApplied) throw outcomeUnknown(context, why);
        throw new TimeoutError(`${context.operation}: ${why}`, { operation: context.operation, code: context.signal?.aborted ? 'Aborted' : 'DeadlineExceeded', $metadata: metadata(context) });
      }
      // One controller per attempt, its timer cleared when the attempt ends (AbortSignal.timeout's would linger).
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new DOMException('The attempt timed out', 'TimeoutError')), Math.max(1, Math.min(options.attemptTimeoutMs, remaining)));
      const onCallerAbort = () => controller.abort(context.signal?.reason);
      context.signal?.addEventListener('abort', onCallerAbort, { once: true });
      let outcome: Outcome;
      try {
        outcome = await readWhole(await next({ ...request, signal: controller.signal }));
      } catch (error) {
        if (context.signal?.aborted) {
          if (mayHaveApplied || (!context.idempotent && !['GET', 'HEAD'].includes(request.method))) throw outcomeUnknown(context, 'cancelled by the caller during an attempt', error);
          throw new TimeoutError(`${context.operation}: cancelled by the caller`, { operation: context.operation, code: 'Aborted', $metadata: metadata(context) });
        }
        // A typed error from a layer below (IAM refusing, Digest failing) came before the request was sent.
        if (error instanceof DbpassError) throw error;
        outcome = { error };
      } finally {
        clearTimeout(timer);
        context.signal?.removeEventListener('abort', onCallerAbort);
      }
      const verdict = judge(outcome, request, policy);
      mayHaveApplied ||= verdict.applied && verdict.action !== 'return';
      if (verdict.action === 'unknown') throw outcomeUnknown(context, verdict.why, outcome.error);
      if (verdict.action === 'return') {
        if (mayHaveApplied && outcome.response && !outcome.response.ok) throw outcomeUnknown(context, `an earlier attempt may have been carried out, then ${verdict.why}`);
        return outcome.response!;
      }
      const wait = Math.max(backoffMs(policy, attempt, options.random), outcome.response ? (retryAfterMs(outcome.response.headers.get('retry-after'), Date.now()) ?? 0) : 0);
      const outOfTime = Date.now() + wait >= context.deadline;
      if (attempt >= policy.maxAttempts || outOfTime) {
        if (mayHaveApplied) throw outcomeUnknown(context, `gave up after ${attempt} attempts (${verdict.why})`, outcome.error);
        if (outcome.response) return outcome.response;
        if (outOfTime) {
          throw new TimeoutError(`${context.operation}: the deadline leaves no time for another attempt (${verdict.why})`, { operation: context.operation, code: 'DeadlineExceeded', $metadata: metadata(context), cause: summarize(outcome.error) });
        }
        throw outcome.error;
      }
      context.totalRetryDelay += wait;
      try {
        await sleep(wait, context.signal);
      } catch {
        if (mayHaveApplied) throw outcomeUnknown(context, 'cancelled by the caller while waiting to retry');
        throw new TimeoutError(`${context.operation}: cancelled by the caller`, { operation: context.operation, code: 'Aborted', $metadata: metadata(context) });
      }
    }
  };
}
