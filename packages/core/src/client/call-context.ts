import type { CallContext } from '../pipeline/transport.js';
import type { OperationMatch } from '../request/path-template.js';
import type { PreparedParams } from '../request/prepare-request.js';
import { describeTarget } from './describe-target.js';

export interface CallLimits {
  /** The caller's cancellation. */
  readonly signal: AbortSignal | undefined;
  /** How long the whole call may take, retries included. */
  readonly timeoutMs: number;
}

/**
 * The per-call semantics both entries (typed methods, openapi-fetch) take from the operation table:
 * idempotency, what to check after an unknown outcome, the deadline, the caller's signal.
 */
export function callContext(
  match: Pick<OperationMatch, 'operationId' | 'operation'>,
  params: PreparedParams,
  body: unknown,
  limits: CallLimits,
): CallContext {
  const sentAt = Date.now();
  return {
    operation: match.operationId,
    idempotent: match.operation.idempotent,
    deadline: sentAt + limits.timeoutMs,
    signal: limits.signal,
    target: () => describeTarget(match.operationId, match.operation, params, body, sentAt),
    attempts: 0,
    totalRetryDelay: 0,
  };
}

/** A request the spec has no operation for: only a read is taken as safe to repeat. */
export function unmatchedContext(method: string, url: URL, limits: CallLimits): CallContext {
  const sentAt = Date.now();
  return {
    operation: `${method} ${url.pathname}`,
    idempotent: method === 'GET' || method === 'HEAD',
    deadline: sentAt + limits.timeoutMs,
    signal: limits.signal,
    target: () => ({ method, path: url.pathname, sentAt: new Date(sentAt).toISOString() }),
    attempts: 0,
    totalRetryDelay: 0,
  };
}
