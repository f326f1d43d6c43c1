import type { CallContext } from '../pipeline/transport.js';
import { DbpassError, NetworkError, OutcomeUnknownError, TimeoutError } from './errors.js';

export interface ErrorSummary {
  readonly name: string | undefined;
  readonly code: string | undefined;
  readonly message: string | undefined;
}

type Underlying = { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };

/**
 * An underlying error's kind without its payload: name, code and the first line of its message, redacted. The
 * whole text is redacted before it is cut: a secret across the cut would otherwise survive in part.
 */
export function summarizeError(error: unknown, redact: (text: string) => string = (text) => text): ErrorSummary {
  const underlying = error as Underlying | undefined;
  const text = underlying?.cause?.message ?? underlying?.message ?? (error === undefined ? undefined : String(error));
  return {
    name: underlying?.name,
    code: underlying?.cause?.code ?? underlying?.code,
    message: text === undefined ? undefined : (redact(text).split('\n')[0] ?? ''),
  };
}

const metadata = (context: CallContext) => ({ attempts: context.attempts, totalRetryDelay: context.totalRetryDelay });

/** The call ran out of time or was cancelled; nothing more is sent. */
export function timeoutError(
  context: CallContext,
  why: string,
  code: 'Aborted' | 'DeadlineExceeded' | 'TimeoutError' | 'AbortError',
  cause?: unknown,
): TimeoutError {
  return new TimeoutError(`${context.operation}: ${why}`, {
    operation: context.operation,
    code,
    $metadata: metadata(context),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The call may have been carried out and repeating it is not safe: say what to check. */
export function outcomeUnknown(context: CallContext, why: string, cause?: unknown): OutcomeUnknownError {
  const advice = context.idempotent
    ? 'an earlier attempt may have been carried out'
    : 'sending it again could carry it out twice';
  return new OutcomeUnknownError(
    `${context.operation}: the outcome is unknown (${why}); ${advice}. Check the target before trying again.`,
    context.target(),
    {
      operation: context.operation,
      $metadata: metadata(context),
      ...(cause === undefined ? {} : { cause: summarizeError(cause) }),
    },
  );
}

/** A transport failure as a typed error; the cause keeps only the underlying error's name, code and message. */
export function transportError(error: unknown, context: CallContext, redact: (text: string) => string): DbpassError {
  if (error instanceof DbpassError) return error;
  const cause = summarizeError(error, redact);
  if (cause.name === 'TimeoutError' || cause.name === 'AbortError') {
    return timeoutError(
      context,
      `${cause.name === 'AbortError' ? 'aborted' : 'timed out'} (${cause.message})`,
      cause.name,
      cause,
    );
  }
  return new NetworkError(`${context.operation}: request failed before a response arrived (${cause.message})`, {
    operation: context.operation,
    code: cause.code ?? 'NetworkError',
    $metadata: metadata(context),
    cause,
  });
}
