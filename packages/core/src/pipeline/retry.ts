import { outcomeUnknown, summarizeError, timeoutError } from '../errors/call-errors.js';
import { DbpassError } from '../errors/errors.js';
import { parseErrorBody } from '../response/parse-error-response.js';
import { type ResponseBody, readWhole } from '../response/response-body.js';
import { type AttemptFacts, decideRetry } from './retry-decision.js';
import { backoffMs, type RetryPolicy, retryAfterMs } from './retry-policy.js';
import { sleep } from './sleep.js';
import type { Middleware, OutgoingRequest } from './transport.js';

export interface RetryOptions {
  readonly policy: RetryPolicy;
  /** Each attempt is aborted after this long (and never outlives the call's deadline). */
  readonly attemptTimeoutMs: number;
  readonly random?: () => number;
}

type Outcome =
  | { response: Response; body: ResponseBody; error?: undefined }
  | { response?: undefined; body?: undefined; error: unknown };

function factsOf(outcome: Outcome, request: OutgoingRequest): AttemptFacts {
  const { method, context } = request;
  if (!outcome.response) {
    const { name, code } = summarizeError(outcome.error);
    return {
      method,
      idempotent: context.idempotent,
      status: undefined,
      errorName: name,
      networkCode: code,
      jsonBody: false,
    };
  }
  const { response, body } = outcome;
  const code = response.status === 409 ? parseErrorBody(body.json.value, response.headers).code : undefined;
  return { method, idempotent: context.idempotent, status: response.status, code, jsonBody: body.json.ok };
}

const changes = (method: string) => method !== 'GET' && method !== 'HEAD';

/**
 * Retries as middleware: exponential backoff with full jitter, `Retry-After` honoured, capped by
 * `maxAttempts` and by the call's deadline (nothing is sent after it); each attempt goes down the chain
 * again, so it is authenticated and signed afresh. What is retried is decided by `decideRetry`; when an
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
        throw timeoutError(context, why, context.signal?.aborted ? 'Aborted' : 'DeadlineExceeded');
      }
      // One controller per attempt, its timer cleared when the attempt ends (AbortSignal.timeout's would linger).
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new DOMException('The attempt timed out', 'TimeoutError')),
        Math.max(1, Math.min(options.attemptTimeoutMs, remaining)),
      );
      const onCallerAbort = () => controller.abort(context.signal?.reason);
      context.signal?.addEventListener('abort', onCallerAbort, { once: true });
      let outcome: Outcome;
      try {
        const response = await next({ ...request, signal: controller.signal });
        outcome = { response, body: await readWhole(response) };
      } catch (error) {
        if (context.signal?.aborted) {
          if (mayHaveApplied || (!context.idempotent && changes(request.method)))
            throw outcomeUnknown(context, 'cancelled by the caller during an attempt', error);
          throw timeoutError(context, 'cancelled by the caller', 'Aborted');
        }
        // A typed error from a layer below (IAM refusing, Digest failing, plaintext refused, a redirect) ends the
        // call: this attempt was not carried out, but an earlier one may have been.
        if (error instanceof DbpassError) {
          if (mayHaveApplied)
            throw outcomeUnknown(context, `an earlier attempt may have been carried out, then ${error.name}`, error);
          throw error;
        }
        outcome = { error };
      } finally {
        clearTimeout(timer);
        context.signal?.removeEventListener('abort', onCallerAbort);
      }
      const verdict = decideRetry(factsOf(outcome, request), policy);
      mayHaveApplied ||= verdict.applied && verdict.action !== 'return';
      if (verdict.action === 'unknown') throw outcomeUnknown(context, verdict.why, outcome.error);
      if (verdict.action === 'return') {
        if (mayHaveApplied && outcome.response && !outcome.response.ok)
          throw outcomeUnknown(context, `an earlier attempt may have been carried out, then ${verdict.why}`);
        return outcome.response!;
      }
      const wait = Math.max(
        backoffMs(policy, attempt, options.random),
        outcome.response ? (retryAfterMs(outcome.response.headers.get('retry-after'), Date.now()) ?? 0) : 0,
      );
      const outOfTime = Date.now() + wait >= context.deadline;
      if (attempt >= policy.maxAttempts || outOfTime) {
        if (mayHaveApplied)
          throw outcomeUnknown(context, `gave up after ${attempt} attempts (${verdict.why})`, outcome.error);
        if (outcome.response) return outcome.response;
        if (outOfTime)
          throw timeoutError(
            context,
            `the deadline leaves no time for another attempt (${verdict.why})`,
            'DeadlineExceeded',
            summarizeError(outcome.error),
          );
        throw outcome.error;
      }
      context.totalRetryDelay += wait;
      try {
        await sleep(wait, context.signal);
      } catch {
        if (mayHaveApplied) throw outcomeUnknown(context, 'cancelled by the caller while waiting to retry');
        throw timeoutError(context, 'cancelled by the caller', 'Aborted');
      }
    }
  };
}
