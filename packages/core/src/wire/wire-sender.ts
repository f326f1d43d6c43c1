import { DbpassError } from '../errors/errors.js';
import { compose, type FetchFunction, type Middleware, NOT_SENT_CODE, type Send } from '../pipeline/transport.js';
import { guardWire } from './wire-guard.js';

function notSent(): Error {
  return Object.assign(new Error('the request was not sent: its attempt was aborted or its deadline passed'), {
    name: 'NotSentError',
    code: NOT_SENT_CODE,
  });
}

/**
 * Nothing is sent once the request's signal has fired (the attempt's deadline or the caller's cancel): a layer
 * that sends again after waiting (a Digest challenge, a token refresh, a rate limiter) must not put a request on
 * the wire after the deadline.
 */
export function unlessAborted(send: Send): Send {
  return async (request) => {
    // The clock as well as the signal: a busy event loop runs the deadline's timer late.
    if (request.signal?.aborted || Date.now() >= request.context.deadline) throw notSent();
    return send(request);
  };
}

/**
 * The `wire` step's middleware around a sender. When a middleware fails after the request's signal fired and before
 * it let the request through (a rate limiter's wait cut short), nothing was sent: the failure says so with the code
 * of a request that never left, so that the retry layer does not take it for one that may have been carried out.
 */
function aroundSender(middleware: readonly Middleware[], send: Send): Send {
  if (middleware.length === 0) return send;
  return async (request) => {
    let reached = false;
    const last: Send = (sent) => {
      reached = true;
      return send(sent);
    };
    try {
      return await compose(middleware, unlessAborted(last))(request);
    } catch (error) {
      if (!reached && request.signal?.aborted && !(error instanceof DbpassError)) throw notSent();
      throw error;
    }
  };
}

export interface WireOptions {
  /** The sender resolves names itself and connects only to the address it checked (node:http), unlike a fetch. */
  readonly checksAddress: boolean;
  /** The `wire` step's middleware, outermost first: each sees every request put on the wire and its raw answer. */
  readonly middleware?: readonly Middleware[];
}

/**
 * The bottom of the chain: the deadline and plaintext checks, then the `wire` middleware, then the sender; a
 * redirect comes back up as a RedirectError (after the `wire` middleware has seen the 3xx answer).
 */
export function wireSender(send: Send, options: WireOptions): Send {
  return unlessAborted(
    guardWire(aroundSender(options.middleware ?? [], send), { checksAddress: options.checksAddress }),
  );
}

/**
 * A fetch as a sender: redirects come back to be refused (`manual`), never followed with the request's
 * credentials and body; plaintext only to a loopback address literal, since a fetch connects wherever a name points.
 */
export function fetchSender(fetchImpl: FetchFunction, middleware: readonly Middleware[] = []): Send {
  return wireSender(
    (request) =>
      fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        ...(request.body === undefined ? {} : { body: request.body as Uint8Array<ArrayBuffer> }),
        ...(request.signal ? { signal: request.signal } : {}),
      }),
    { checksAddress: false, middleware },
  );
}
