/**
 * The transport underneath every call: a request with its body as bytes (so that it can be signed, and
 * sent again unchanged after a Digest challenge or a retry), passed down a chain of middleware to fetch.
 */
import { guardWire } from './wire-guard.js';

/** What one call shares with every attempt it makes. */
export interface CallContext {
  readonly operation: string;
  /** Whether sending the request twice leaves the same end state (from the spec). */
  readonly idempotent: boolean;
  /** Epoch ms after which nothing is sent. */
  readonly deadline: number;
  /** The caller's own cancellation. */
  readonly signal: AbortSignal | undefined;
  /** What the call targets (ids and user names, never secrets), for an OutcomeUnknownError; made only then. */
  readonly target: () => Readonly<Record<string, unknown>>;
  attempts: number;
  totalRetryDelay: number;
}

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The exact bytes sent; signing hashes these. */
  readonly body: Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
  readonly context: CallContext;
}

export type Send = (request: OutgoingRequest) => Promise<Response>;
export type Middleware = (next: Send) => Send;

/** The code of the error fetchSender throws instead of sending after the signal fired. */
export const NOT_SENT_CODE = 'DBPASS_NOT_SENT';

export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * The last step's guard: nothing is sent once the request's signal has fired (the attempt's deadline or
 * the caller's cancel): a layer that sends again after waiting (a Digest challenge, a token refresh) must
 * not put a request on the wire after the deadline.
 */
export function unlessAborted(send: Send): Send {
  return async (request) => {
    // The clock as well as the signal: a busy event loop runs the deadline's timer late.
    if (request.signal?.aborted || Date.now() >= request.context.deadline) {
      throw Object.assign(new Error('the request was not sent: its attempt was aborted or its deadline passed'), {
        name: 'NotSentError',
        code: NOT_SENT_CODE,
      });
    }
    return send(request);
  };
}

/**
 * The last step with fetch: redirects come back to be refused (`manual`), never followed with the request's
 * credentials and body; plaintext only to a loopback address literal, since a fetch connects wherever a name points.
 */
export function fetchSender(fetchImpl: FetchFunction): Send {
  return unlessAborted(
    guardWire(
      (request) =>
        fetchImpl(request.url, {
          method: request.method,
          headers: request.headers,
          redirect: 'manual',
          ...(request.body === undefined ? {} : { body: request.body as Uint8Array<ArrayBuffer> }),
          ...(request.signal ? { signal: request.signal } : {}),
        }),
      { checksAddress: false },
    ),
  );
}

/** Middleware listed outermost first, composed around `last`. */
export function compose(middleware: readonly Middleware[], last: Send): Send {
  return middleware.reduceRight<Send>((next, layer) => layer(next), last);
}
