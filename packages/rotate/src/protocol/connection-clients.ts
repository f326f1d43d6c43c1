import { createOceanBaseClient, type OceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { type Auth, akSk, createTaurusDbClient, type TaurusDbClient } from '@dbpass/client-taurusdb';
import { type MiddlewareEntry, retryAfterMs } from '@dbpass/core';
import type { Checkpoint } from '../checkpoint.js';
import { RateLimiter, type RequestPriority } from '../fleet/rate-limiter.js';
import type { ConnectionSpec, HuaweiConnection, OceanBaseConnection } from '../plan/plan.js';

/** A connection of the plan with its credentials read from the environment and its rate limiter. */
export type ResolvedConnection = { readonly name: string; readonly limiter: RateLimiter } & (
  | { readonly spec: HuaweiConnection; readonly auth: Auth<'akSk'> }
  | { readonly spec: OceanBaseConnection; readonly auth: Auth<'digest'> }
);

/** Names every variable a connection needs that is not set (values are never read into messages). */
export function missingVariables(spec: ConnectionSpec, env: Readonly<Record<string, string | undefined>>): string[] {
  const names =
    spec.cloud === 'huawei'
      ? [spec.credentials.accessKeyEnv, spec.credentials.secretKeyEnv]
      : [spec.credentials.accessKeyIdEnv, spec.credentials.accessKeySecretEnv];
  return names.filter((name) => !env[name]);
}

export function resolveConnection(
  name: string,
  spec: ConnectionSpec,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedConnection {
  const limiter = new RateLimiter(spec.requestsPerSecond);
  if (spec.cloud === 'oceanbase') {
    return {
      name,
      limiter,
      spec,
      auth: oceanbaseDigest({
        accessKeyId: env[spec.credentials.accessKeyIdEnv]!,
        accessKeySecret: env[spec.credentials.accessKeySecretEnv]!,
      }),
    };
  }
  const { accessKeyEnv, secretKeyEnv, securityTokenEnv } = spec.credentials;
  const securityToken = securityTokenEnv ? env[securityTokenEnv] : undefined;
  return {
    name,
    limiter,
    spec,
    auth: akSk({
      ak: env[accessKeyEnv]!,
      sk: env[secretKeyEnv]!,
      ...(securityToken ? { securityToken } : {}),
      projectId: spec.projectId,
    }),
  };
}

/**
 * The `wire` steps of a group's clients, on core's own sender (node:http): every request put on the wire (a
 * Digest challenge's resend included) waits for the cloud's rate limiter (reads, and a `first` group's writes, before
 * other writes), and its answer backs everyone off on a 429, adds its request id to the audit log's list, and passes
 * the `http:response` checkpoint (a kill there is the "applied, but the caller never learned it" case). The first
 * listed is outermost: the limiter is the last thing before the wire, and the checkpoint passes once the others have
 * seen the answer. Core's sender never follows a redirect (it would carry the signature, X-Security-Token and the new
 * passwords to wherever it points): these steps see the 3xx answer, and the call fails with a RedirectError.
 */
function rotationMiddleware(
  connection: ResolvedConnection,
  checkpoint: Checkpoint,
  requestIds: string[],
  priority: RequestPriority,
): MiddlewareEntry[] {
  return [
    {
      step: 'wire',
      name: 'rotation:checkpoint',
      middleware: (next) => async (request) => {
        const response = await next(request);
        checkpoint('http:response');
        return response;
      },
    },
    {
      step: 'wire',
      name: 'rotation:request-ids',
      middleware: (next) => async (request) => {
        const response = await next(request);
        const requestId = response.headers.get('x-request-id');
        if (requestId) requestIds.push(requestId);
        return response;
      },
    },
    {
      step: 'wire',
      name: 'rotation:rate-limit',
      middleware: (next) => async (request) => {
        // A GET reads what earlier calls started (a job's progress, a user before its create): it finishes work
        // already sent, so it goes before the sets still waiting.
        await connection.limiter.acquire(request.signal, request.method === 'GET' ? 'first' : priority);
        const response = await next(request);
        if (response.status === 429)
          connection.limiter.backOff(retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? 1_000);
        return response;
      },
    },
  ];
}

export interface GroupClients {
  readonly taurus?: TaurusDbClient;
  readonly oceanbase?: OceanBaseClient;
  /** Request ids seen by these clients, in order. */
  readonly requestIds: string[];
}

/**
 * Clients for one group of accounts (one per group, so that request ids belong to that group). `priority` `first`
 * sends the group's writes before other groups' waiting ones (a job's creation, which the run's end waits on).
 */
export function groupClients(
  connection: ResolvedConnection,
  checkpoint: Checkpoint,
  priority: RequestPriority = 'normal',
): GroupClients {
  const requestIds: string[] = [];
  const options = {
    ...(connection.spec.endpoint ? { endpoint: connection.spec.endpoint } : { region: connection.spec.region! }),
    projectId: connection.spec.projectId,
    middleware: rotationMiddleware(connection, checkpoint, requestIds, priority),
  };
  return connection.spec.cloud === 'huawei'
    ? { taurus: createTaurusDbClient({ ...options, auth: connection.auth as Auth<'akSk'> }), requestIds }
    : { oceanbase: createOceanBaseClient({ ...options, auth: connection.auth as Auth<'digest'> }), requestIds };
}
