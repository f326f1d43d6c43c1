import { platformSender } from '#send';
import type { Auth, AuthScheme } from './auth/auth.js';
import { transportError } from './call-errors.js';
import { checkAuth } from './check-auth.js';
import { plaintextRefusal } from './loopback.js';
import { checkEndpoint, resolveBaseUrl } from './resolve-base-url.js';
import { remember } from './response-body.js';
import { retryMiddleware } from './retry.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { PlatformSender } from './send/send.js';
import type { ServiceInfo } from './service-descriptor.js';
import {
  type CallContext,
  compose,
  type FetchFunction,
  fetchSender,
  type Middleware,
  type OutgoingRequest,
  type Send,
  unlessAborted,
} from './transport.js';
import { guardWire } from './wire-guard.js';

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
}

/** What the typed client and the openapi-fetch entries share: one transport chain per client. */
export interface Transport {
  readonly baseUrl: URL;
  readonly timeoutMs: number;
  readonly redact: (text: string) => string;
  /**
   * Sends a request down the chain (retry -> attempt counting -> auth -> fetch); failures come back typed.
   * The answer's body has been read: take it with `readWhole`, or `readable` for a readable Response.
   */
  execute(request: Omit<OutgoingRequest, 'signal' | 'context'>, context: CallContext): Promise<Response>;
}

const countAttempts: Middleware = (next) => (request) => {
  request.context.attempts += 1;
  return next(request);
};

/** The transport chain for a service and options: retry -> attempt counting -> auth -> fetch. */
export function createTransport(service: ServiceInfo, options: ClientOptions): Transport {
  if (!options?.auth) throw new TypeError(`${service.name} client: the \`auth\` option is required`);
  checkAuth(service, options.auth);
  if (!options.endpoint && !options.region)
    throw new TypeError(`${service.name} client: give \`region\` or \`endpoint\``);
  const baseUrl = options.endpoint
    ? checkEndpoint(options.endpoint)
    : resolveBaseUrl(service, options.region as string);
  // dbpass's own sender resolves names and checks the address it connects to; a fetch cannot.
  const ownSender = !options.fetch && platformSender !== undefined;
  const plaintext = plaintextRefusal(baseUrl, ownSender);
  if (plaintext) throw new TypeError(`${service.name} client: ${baseUrl.origin}: ${plaintext}`);
  const plain: Send = ownSender
    ? unlessAborted(guardWire((platformSender as PlatformSender)(remember), { checksAddress: true }))
    : fetchSender(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  const auth = options.auth;
  const retry = retryMiddleware({
    policy: { ...DEFAULT_RETRY_POLICY, transientCodes: new Set(service.errors?.transient ?? []), ...options.retry },
    attemptTimeoutMs: options.attemptTimeoutMs ?? 20_000,
  });
  const send: Send = compose(
    [
      retry,
      countAttempts,
      auth.middleware({ service, region: options.region, projectId: options.projectId, send: plain }),
    ],
    plain,
  );
  const redact = (text: string) => auth.redact(text);
  return {
    baseUrl,
    timeoutMs: options.timeoutMs ?? 60_000,
    redact,
    async execute(request, context) {
      try {
        return await send({ ...request, signal: undefined, context });
      } catch (error) {
        throw transportError(error, context, redact);
      }
    },
  };
}
