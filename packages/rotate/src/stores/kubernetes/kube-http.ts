import { lookup as dnsLookup } from 'node:dns';
import { request as plainRequest } from 'node:http';
import { request } from 'node:https';
import { loopbackOnlyLookup, NOT_LOOPBACK_CODE, redirectTarget } from '@dbpass/core/guards';
import { RunRedactor } from '../../redact.js';
import { parseAnswer } from '../../secret-store/parse-answer.js';
import { StoreAuthError, StoreUnavailableError } from '../../secret-store/store-errors.js';
import { insecureServer, type KubeAccess } from './kube-config.js';

export interface KubeAnswer {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

const TIMEOUT_MS = 15_000;

/**
 * A server may echo the bearer token in what it says (`token X is broken`): every text of an answer that ends up in
 * an error is scrubbed of it, in any of the spellings it may be echoed in.
 */
function tokenScrubber(token: string | undefined): (text: string) => string {
  const redactor = new RunRedactor();
  redactor.add(token);
  return (text) => redactor.text(text);
}

/** A Status answer with the token scrubbed from its `message` and `reason`: callers put them in their messages. */
function scrubStatus(
  body: Record<string, unknown> | undefined,
  scrub: (text: string) => string,
): Record<string, unknown> | undefined {
  if (!body) return body;
  const scrubbed = { ...body };
  for (const key of ['message', 'reason'])
    if (typeof scrubbed[key] === 'string') scrubbed[key] = scrub(scrubbed[key] as string);
  return scrubbed;
}

/**
 * One API call with the kubeconfig's CA and credentials; unreachable or refused becomes a typed store error. A
 * redirect is never followed (node:http does not) and is an error naming where it pointed.
 */
export function kubeRequest(
  access: KubeAccess,
  description: string,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<KubeAnswer> {
  const url = new URL(apiPath, `${access.server}/`);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const send = url.protocol === 'http:' ? plainRequest : request;
  // Plaintext or an unchecked certificate: only to loopback, connected to the address that was checked.
  const unchecked = url.protocol !== 'https:' || access.insecure === true;
  const refusal = unchecked ? insecureServer(access.server, access.insecure) : undefined;
  if (refusal) return Promise.reject(new StoreUnavailableError(`${description}: nothing was sent: ${refusal}`));
  const scrub = tokenScrubber(access.token);
  return new Promise((resolve, rejectRaw) => {
    // The store errors raised here may hold server text (a Status message, a parse error's excerpt): raised anew
    // with the message scrubbed, so that no stack captured with the first message keeps the token either.
    const reject = (error: StoreUnavailableError) => {
      const Kind = error.constructor as new (message: string) => StoreUnavailableError;
      rejectRaw(new Kind(scrub(error.message)));
    };
    const outgoing = send(
      url,
      {
        method,
        timeout: TIMEOUT_MS,
        ...(unchecked ? { lookup: loopbackOnlyLookup(access.lookup ?? dnsLookup) } : {}),
        headers: {
          Accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          ...(access.token ? { Authorization: `Bearer ${access.token}` } : {}),
        },
        ...(url.protocol === 'https:'
          ? {
              ...(access.ca ? { ca: access.ca } : {}),
              ...(access.cert ? { cert: access.cert } : {}),
              ...(access.key ? { key: access.key } : {}),
              rejectUnauthorized: !access.insecure,
            }
          : {}),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('error', (error: NodeJS.ErrnoException) =>
          reject(
            new StoreUnavailableError(
              `${description}: ${method} ${url.pathname}: the answer was cut off (${error.code ?? error.message})`,
            ),
          ),
        );
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            const location = redirectTarget(response.headers.location ?? null, url);
            reject(
              new StoreUnavailableError(
                `${description}: ${method} ${url.pathname} answered ${status}, a redirect to ${location ?? '(no location)'}, which is not followed; set the kubeconfig's server to the API server that answers (${access.source})`,
              ),
            );
            return;
          }
          let parsed: Record<string, unknown> | undefined;
          try {
            parsed = parseAnswer<Record<string, unknown>>(text, `${description}: ${method} ${url.pathname}`, status);
          } catch (error) {
            if (error instanceof StoreUnavailableError) reject(error);
            else rejectRaw(error);
            return;
          }
          parsed = scrubStatus(parsed, scrub);
          if (status === 401 || status === 403) {
            reject(
              new StoreAuthError(
                `${description}: ${method} ${url.pathname} was refused (${status} ${String(parsed?.reason ?? '')}); check the kubeconfig's credentials and RBAC (${access.source})`,
              ),
            );
          } else if (status >= 500) {
            reject(
              new StoreUnavailableError(
                `${description}: ${method} ${url.pathname} answered ${status} (${String(parsed?.message ?? '')})`,
              ),
            );
          } else resolve({ status, body: parsed });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StoreUnavailableError(
          error.code === NOT_LOOPBACK_CODE
            ? `${description}: ${error.message}; use https with the cluster's CA`
            : `${description}: cannot reach ${access.server} (${error.code ?? error.message})`,
        ),
      ),
    );
    outgoing.end(payload);
  });
}
