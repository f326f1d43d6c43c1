import type { Auth } from './auth/auth.js';
import { DbpassError, NetworkError, TimeoutError, ValidationError } from './errors.js';
import { errorFromResponse, parseErrorBody } from './parse-error-response.js';
import { prepareParams } from './prepare-request.js';
import { checkEndpoint, resolveBaseUrl } from './resolve-base-url.js';
import type { ServiceDescriptor } from './service-descriptor.js';
import { compose, fetchSender, type CallContext, type FetchFunction, type Middleware, type Send } from './transport.js';
import { describeTarget } from './describe-target.js';
import { retryMiddleware } from './retry.js';
import { responseBody, type ResponseBody } from './response-body.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { validateRequest } from './validate-request.js';
import { serializeRequest } from './serialize-request.js';

export interface ClientOptions {
  /** Region name; the host comes from the spec's servers. Either this or `endpoint`. */
  region?: string;
  /** Explicit base URL: https, or http on loopback only. Wins over `region`'s host. */
  endpoint?: string | URL;
  /** Project id: fills `project_id` (Huawei) and `X-Ob-Project-Id` (OceanBase) when a call leaves them out. */
  projectId?: string;
  /** How requests are authenticated: `akSk()`, `iamToken(...)` or `oceanbaseDigest()`. */
  auth: Auth;
  /** A fetch to use instead of the global one. */
  fetch?: FetchFunction;
  /** Retry policy overrides (`{ maxAttempts: 1 }` turns retries off). */
  retry?: Partial<RetryPolicy>;
  /** Deadline of a whole call, retries included (default 60 s). Nothing is sent after it. */
  timeoutMs?: number;
  /** Timeout of one attempt (default 20 s). */
  attemptTimeoutMs?: number;
}

export interface CallOptions {
  /** Cancels the call (and any retry waiting). */
  signal?: AbortSignal;
  /** Deadline of this call, overriding the client's `timeoutMs`. */
  timeoutMs?: number;
}

export interface ServiceClient {
  call(operationId: string, input: object, options?: CallOptions): Promise<unknown>;
}

/** What a client and a raw client share: the base URL, the transport chain, the call deadline, redaction. */
export interface Transport {
  readonly baseUrl: URL;
  readonly send: Send;
  readonly timeoutMs: number;
  readonly redact: (text: string) => string;
}

const countAttempts: Middleware = (next) => (request) => {
  request.context.attempts += 1;
  return next(request);
};

/** A transport failure as a typed error; the cause keeps only the underlying error's name, code and message. */
export function transportError(error: unknown, context: CallContext, redact: (text: string) => string): DbpassError {
  if (error instanceof DbpassError) return error;
  const underlying = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  const detail = redact(String(underlying?.cause?.message ?? underlying?.message ?? error));
  const metadata = { attempts: context.attempts, totalRetryDelay: context.totalRetryDelay };
  const cause = { name: underlying?.name, code: underlying?.cause?.code ?? underlying?.code, message: detail };
  if (underlying?.name === 'TimeoutError' || underlying?.name === 'AbortError') {
    return new TimeoutError(`${context.operation}: ${underlying.name === 'AbortError' ? 'aborted' : 'timed out'} (${detail})`, { operation: context.operation, code: underlying.name, $metadata: metadata, cause });
  }
  return new NetworkError(`${context.operation}: request failed before a response arrived (${detail})`, { operation: context.operation, code: cause.code ?? 'NetworkError', $metadata: metadata, cause });
}

/** The transport chain for a service and options: retry -> attempt counting -> auth -> fetch. */
export function createTransport(service: ServiceDescriptor, options: ClientOptions): Transport {
  if (!options?.auth) throw new TypeError(`${service.name} client: the \`auth\` option is required`);
  if (!options.endpoint && !options.region) throw new TypeError(`${service.name} client: give \`region\` or \`endpoint\``);
  const baseUrl = options.endpoint ? checkEndpoint(options.endpoint) : resolveBaseUrl(service, options.region as string);
  const fetchImpl: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const plain = fetchSender(fetchImpl);
  const auth = options.auth;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retry = retryMiddleware({ policy: { ...DEFAULT_RETRY_POLICY, ...options.retry }, attemptTimeoutMs: options.attemptTimeoutMs ?? 20_000 });
  const send = compose(
    [retry, countAttempts, auth.middleware({ service, region: options.region, projectId: options.projectId, send: plain })],
    plain,
  );
  return { baseUrl, send, timeoutMs, redact: (text) => auth.redact(text) };
}

/**
 * The client a generated package wraps. `call`, behind the typed methods: fill defaults -> validate
 * (nothing is sent on failure) -> serialize -> the transport chain -> typed error or parsed body.
 */
export function createServiceClient(service: ServiceDescriptor, options: ClientOptions): ServiceClient {
  const { baseUrl, send, timeoutMs, redact } = createTransport(service, options);

  async function call(operationId: string, input: object, callOptions: CallOptions = {}): Promise<unknown> {
    const operation = service.operations[operationId];
    if (!operation) throw new TypeError(`${service.name} has no operation ${operationId}`);
    const values = (input ?? {}) as Record<string, unknown>;
    const params = prepareParams(operation, values, { projectId: options.projectId });
    const issues = validateRequest(operation, params, values['body']);
    if (issues.length > 0) throw new ValidationError(operationId, issues);

    const sentAt = Date.now();
    const context: CallContext = {
      operation: operationId,
      idempotent: operation.idempotent,
      deadline: sentAt + (callOptions.timeoutMs ?? timeoutMs),
      signal: callOptions.signal,
      target: () => describeTarget(operationId, operation, params, values['body'], sentAt),
      attempts: 0,
      totalRetryDelay: 0,
    };
    const serialized = serializeRequest(baseUrl, operation, params, values['body']);
    let response: Response;
    let body: ResponseBody;
    try {
      response = await send({ ...serialized, signal: undefined, context });
      body = await responseBody(response);
    } catch (error) {
      throw transportError(error, context, redact);
    }
    const errorContext = { operation: operationId, status: response.status, attempts: context.attempts, totalRetryDelay: context.totalRetryDelay, redact };
    if (!response.ok) throw errorFromResponse(parseErrorBody(body.json.value ?? body.text, response.headers), errorContext);
    if (!body.json.ok) {
      throw new NetworkError(`${operationId}: HTTP ${response.status} with a body that is not JSON`, {
        operation: operationId,
        code: 'InvalidResponse',
        $metadata: { httpStatusCode: response.status, attempts: context.attempts, totalRetryDelay: context.totalRetryDelay },
      });
    }
    const data = body.json.value ?? {};
    if (typeof data === 'object' && (data as { success?: unknown }).success === false) {
      throw errorFromResponse(parseErrorBody(data, response.headers), errorContext);
    }
    return data;
  }

  return { call };
}
