import { AuthenticationError } from '../errors/errors.js';
import type { OutgoingRequest } from '../pipeline/transport.js';
import { errorFromResponse, parseErrorBody } from '../response/parse-error-response.js';
import { readWhole } from '../response/response-body.js';
import { checkEndpoint } from '../wire/resolve-base-url.js';
import { type Auth, type AuthContext, redactAll, withHeader } from './auth.js';

export type IamScope = { projectId: string } | { projectName: string };

export interface IamPasswordOptions {
  /** IAM user name. */
  userName: string;
  /** IAM user password. */
  password: string;
  /** Account (domain) name that owns the IAM user. */
  domainName: string;
  /** Token scope. Default: the client's `projectId`, else its region's project (`projectName: region`). */
  scope?: IamScope;
  /**
   * IAM endpoint: `'regional'` (default; `https://iam.{region}.myhuaweicloud.com`), `'global'`
   * (`https://iam.myhuaweicloud.com`), or a base URL (https, or http on loopback).
   */
  iamEndpoint?: 'regional' | 'global' | string;
  /** Refresh this long before `expires_at` (default 10 minutes). Tokens are valid for 24 hours. */
  refreshBeforeMs?: number;
  now?: () => number;
}

export interface IamStaticOptions {
  /** A token obtained elsewhere; sent as is, never refreshed. */
  token: string;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

const isStatic = (options: IamPasswordOptions | IamStaticOptions): options is IamStaticOptions => 'token' in options;

function iamBase(options: IamPasswordOptions, context: AuthContext): URL {
  const endpoint = options.iamEndpoint ?? 'regional';
  const iam = context.service.iam;
  if (endpoint === 'global' || endpoint === 'regional') {
    if (!iam) throw new TypeError(`${context.service.name} has no IAM endpoints; pass iamEndpoint as a URL`);
    if (endpoint === 'global') return new URL(iam.global);
    if (!context.region)
      throw new TypeError("iamToken: the regional IAM endpoint needs the client's region; pass iamEndpoint");
    return new URL(iam.regional.replace('{region}', context.region));
  }
  return checkEndpoint(endpoint);
}

function scopeOf(options: IamPasswordOptions, context: AuthContext): IamScope {
  if (options.scope) return options.scope;
  if (context.projectId) return { projectId: context.projectId };
  if (context.region) return { projectName: context.region };
  throw new TypeError("iamToken: give `scope`, or the client's projectId or region");
}

/** The token is invalid or expired per the answer (so one refresh may help). */
async function isTokenRejection(response: Response, rejectedCodes: readonly string[]): Promise<boolean> {
  if (response.status !== 401 && response.status !== 403) return false;
  const text = await readWhole(response).then(
    (body) => body.text,
    () => '',
  );
  if (response.status === 401) return /token/i.test(text) || text === '';
  const { code } = parseErrorBody(text, response.headers);
  return code !== undefined && rejectedCodes.includes(code);
}

/**
 * Huawei IAM token auth (`X-Auth-Token`). With `{ token }` the given token is sent as is. With an IAM
 * user's password, tokens come from `POST /v3/auth/tokens` (201, `X-Subject-Token`), cached per scope,
 * refreshed ahead of `expires_at`, fetched once however many calls wait (single flight), and refreshed
 * and retried once when the service answers that the token is invalid or expired.
 */
export function iamToken(options: IamPasswordOptions | IamStaticOptions): Auth<'iamToken'> {
  if (isStatic(options)) {
    if (!options.token) throw new TypeError('iamToken: token is required');
    const token = options.token;
    return {
      scheme: 'iamToken',
      middleware: () => (next) => (request) => next(withToken(request, token)),
      redact: (text) => redactAll(text, [token]),
    };
  }
  const passwordOptions: IamPasswordOptions = options;
  for (const key of ['userName', 'password', 'domainName'] as const) {
    if (!passwordOptions[key]) throw new TypeError(`iamToken: ${key} is required`);
  }
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? 10 * 60_000;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();
  const issued: string[] = [];

  async function requestToken(
    context: AuthContext,
    base: URL,
    scope: IamScope,
    signal: AbortSignal | undefined,
  ): Promise<CachedToken> {
    const url = new URL('/v3/auth/tokens?nocatalog=true', base);
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: passwordOptions.userName,
              password: passwordOptions.password,
              domain: { name: passwordOptions.domainName },
            },
          },
        },
        scope: { project: 'projectId' in scope ? { id: scope.projectId } : { name: scope.projectName } },
      },
    });
    const call = {
      operation: 'KeystoneCreateUserTokenByPassword',
      idempotent: false,
      deadline: Number.POSITIVE_INFINITY,
      signal,
      target: () => ({}),
      attempts: 1,
      totalRetryDelay: 0,
    };
    const response = await context.send({
      method: 'POST',
      url,
      headers: new Headers({ 'Content-Type': 'application/json;charset=utf8' }),
      body: new TextEncoder().encode(body),
      signal,
      context: call,
    });
    const { text } = await readWhole(response);
    const token = response.headers.get('x-subject-token');
    if (response.status !== 201 || !token) {
      throw errorFromResponse(parseErrorBody(text, response.headers), {
        ...call,
        status: response.status,
        redact: (value) => redactAll(value, [passwordOptions.password]),
        errors: context.service.errors,
      });
    }
    let expiresAt = Number.NaN;
    try {
      expiresAt = Date.parse((JSON.parse(text) as { token?: { expires_at?: string } }).token?.expires_at ?? '');
    } catch {
      expiresAt = Number.NaN;
    }
    if (Number.isNaN(expiresAt))
      throw new AuthenticationError('KeystoneCreateUserTokenByPassword: the IAM answer has no token.expires_at', {
        operation: call.operation,
        code: 'InvalidIamResponse',
      });
    issued.push(token);
    if (issued.length > 16) issued.shift();
    return { token, expiresAt };
  }

  return {
    scheme: 'iamToken',
    middleware(context) {
      const base = iamBase(passwordOptions, context);
      const scope = scopeOf(passwordOptions, context);
      const rejectedCodes = context.service.iam?.tokenRejectedCodes ?? [];
      const key = `${base.origin}|${passwordOptions.domainName}|${passwordOptions.userName}|${JSON.stringify(scope)}`;
      const current = (request: OutgoingRequest, force: boolean): Promise<CachedToken> => {
        const cached = cache.get(key);
        if (!force && cached && now() < cached.expiresAt - refreshBeforeMs) return Promise.resolve(cached);
        let pending = inFlight.get(key);
        if (!pending) {
          pending = requestToken(context, base, scope, request.signal)
            .then((token) => {
              cache.set(key, token);
              return token;
            })
            .finally(() => inFlight.delete(key));
          inFlight.set(key, pending);
        }
        return pending;
      };
      return (next) => async (request) => {
        const first = await current(request, false);
        const response = await next(withToken(request, first.token));
        if (!(await isTokenRejection(response, rejectedCodes))) return response;
        if (cache.get(key)?.token === first.token) cache.delete(key);
        await response.body?.cancel().catch(() => undefined);
        const fresh = await current(request, cache.get(key) === undefined);
        return next(withToken(request, fresh.token));
      };
    },
    redact: (text) => redactAll(text, [passwordOptions.password, ...issued]),
  };
}

const withToken = (request: OutgoingRequest, token: string): OutgoingRequest =>
  withHeader(request, 'X-Auth-Token', token);
