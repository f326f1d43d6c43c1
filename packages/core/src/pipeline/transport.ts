/*
 * The transport underneath every call: a request with its body as bytes (so that it can be signed, and sent again
 * unchanged after a Digest challenge or a retry), passed down a chain of middleware to the sender.
 */

/** What one call shares with every attempt it makes. */
export interface CallContext {
  /** The operationId (`ResetGaussMySqlPassword`), or `METHOD /path` for a raw request the spec has no operation for. */
  readonly operation: string;
  /** Whether sending the request twice leaves the same end state (from the spec). */
  readonly idempotent: boolean;
  /** Epoch ms after which nothing is sent. */
  readonly deadline: number;
  /** The caller's own cancellation. */
  readonly signal: AbortSignal | undefined;
  /** What the call targets (ids and user names, never secrets), for an OutcomeUnknownError; made only then. */
  readonly target: () => Readonly<Record<string, unknown>>;
  /** Attempts started so far (the current one included, from the `attempt` step inwards). */
  attempts: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay: number;
}

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  /** Without credentials above the `wire` step; signed (`Authorization`, `X-Sdk-Date`, ...) at it. */
  readonly headers: Headers;
  /** The exact bytes sent; signing hashes these. */
  readonly body: Uint8Array | undefined;
  /** Fires when the attempt times out, the call's deadline passes or the caller cancels. */
  readonly signal: AbortSignal | undefined;
  readonly context: CallContext;
}

/** Sends a request and resolves with the answer (any status), or rejects when none arrived. */
export type Send = (request: OutgoingRequest) => Promise<Response>;

/** A step of the chain: given the rest of the chain (`next`), the function that takes its place. */
export type Middleware = (next: Send) => Send;

/** The code of the error the wire throws instead of sending after the request's signal fired (wire/wire-sender.ts). */
export const NOT_SENT_CODE = 'DBPASS_NOT_SENT';

export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Middleware listed outermost first, composed around `last`. */
export function compose(middleware: readonly Middleware[], last: Send): Send {
  return middleware.reduceRight<Send>((next, layer) => layer(next), last);
}
