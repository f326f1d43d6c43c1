import { platformSender } from '#send';
import type { Auth, AuthScheme } from '../auth/auth.js';
import { transportError } from '../errors/call-errors.js';
import { type MiddlewareEntry, middlewareSteps } from '../pipeline/middleware-steps.js';
import { retryMiddleware } from '../pipeline/retry.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../pipeline/retry-policy.js';
import {
  type CallContext,
  compose,
  type FetchFunction,
  type Middleware,
  type OutgoingRequest,
  type Send,
} from '../pipeline/transport.js';
import { remember } from '../response/response-body.js';
import { plaintextRefusal } from '../wire/loopback.js';
import { checkEndpoint, resolveBaseUrl } from '../wire/resolve-base-url.js';
import type { PlatformSender } from '../wire/send/send.js';
import { fetchSender, wireSender } from '../wire/wire-sender.js';
import { checkAuth } from './check-auth.js';
import type { ServiceInfo } from './service-descriptor.js';

export interface ClientOptions<Scheme extends AuthScheme = AuthScheme> {
  /** Region name; the host comes from the spec's servers. Either this or `endpoint`. */
  region?: string;
  /**
   * Explicit base URL: https, or http on loopback only (127.0.0.1, [::1]; `localhost` only without `fetch` on
   * Node, where the address it resolves to is checked before connecting). Wins over `region`'s host.
   */
  endpoint?: string | URL;
  /** Project id: fills the project parameters the spec marks `x-dbpass-default: projectId` when a call leaves them out. */
  projectId?: string;
  /** How requests are authenticated: one of the schemes the service's spec lists under `security`. */
  auth: Auth<Scheme>;
  /** A fetch to send with (default: node:http(s) with keep-alive on Node, the global fetch elsewhere). */
  fetch?: FetchFunction;
  /** Retry policy overrides (`{ maxAttempts: 1 }` turns retries off). */
  retry?: Partial<RetryPolicy>;
  /** Deadline of a whole call, retries included (default 60 s). Nothing is sent after it. */
  timeoutMs?: number;
  /** Timeout of one attempt (default 20 s). */
  attemptTimeoutMs?: number;
  /**
   * Steps of your own, each at a named position of the chain (`call`, `attempt`, `wire`; see `MiddlewareStep`),
   * in the order given within a step, the first outermost.
   */
  middleware?: readonly MiddlewareEntry[];
}

/** What the typed client and the openapi-fetch entries share: one transport chain per client. */
export interface Transport {
  readonly baseUrl: URL;
  readonly timeoutMs: number;
  readonly redact: (text: string) => string;
  /**
   * Sends a request down the chain (call middleware -> retry -> attempt middleware -> auth -> wire middleware ->
   * sender); failures of the transport come back typed (what a `call` middleware throws itself passes as it is).
   * The answer's body has been read: take it with `readWhole`, or `readable` for a readable Response.
   */
  execute(request: Omit<OutgoingRequest, 'signal' | 'context'>, context: CallContext): Promise<Response>;
}

const countAttempts: Middleware = (next) => (request) => {
  request.context.attempts += 1;
  return next(request);
};

/**
 * The transport chain for a service and options, outermost first: the `call` middleware, typed transport errors,
 * retry, attempt counting, the `attempt` middleware, auth, then the wire: deadline and plaintext checks, the `wire`
 * middleware, the sender (node:http(s) or a fetch), redirects refused on the way back.
 */
export function createTransport(service: ServiceInfo, options: ClientOptions): Transport {
  if (!options?.auth) throw new TypeError(`${service.name} client: the \`auth\` option is required`);
  checkAuth(service, options.auth);
  if (!options.endpoint && !options.region)
    throw new TypeError(`${service.name} client: give \`region\` or \`endpoint\``);
  const steps = middlewareSteps(options.middleware, `${service.name} client`);
  const baseUrl = options.endpoint
    ? checkEndpoint(options.endpoint)
    : resolveBaseUrl(service, options.region as string);
  // dbpass's own sender resolves names and checks the address it connects to; a fetch cannot.
  const ownSender = !options.fetch && platformSender !== undefined;
  const plaintext = plaintextRefusal(baseUrl, ownSender);
  if (plaintext) throw new TypeError(`${service.name} client: ${baseUrl.origin}: ${plaintext}`);
  const wire: Send = ownSender
    ? wireSender((platformSender as PlatformSender)(remember), { checksAddress: true, middleware: steps.wire })
    : fetchSender(options.fetch ?? ((input, init) => globalThis.fetch(input, init)), steps.wire);
  const auth = options.auth;
  const retry = retryMiddleware({
    policy: { ...DEFAULT_RETRY_POLICY, transientCodes: new Set(service.errors?.transient ?? []), ...options.retry },
    attemptTimeoutMs: options.attemptTimeoutMs ?? 20_000,
  });
  const redact = (text: string) => auth.redact(text);
  const typedErrors: Middleware = (next) => async (request) => {
    try {
      return await next(request);
    } catch (error) {
      throw transportError(error, request.context, redact);
    }
  };
  const send: Send = compose(
    [
      ...steps.call,
      typedErrors,
      retry,
      countAttempts,
      ...steps.attempt,
      auth.middleware({ service, region: options.region, projectId: options.projectId, send: wire }),
    ],
    wire,
  );
  return {
    baseUrl,
    timeoutMs: options.timeoutMs ?? 60_000,
    redact,
    execute: (request, context) => send({ ...request, signal: context.signal, context }),
  };
}
