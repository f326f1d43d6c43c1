import { createOceanBaseClient, oceanbaseDigest, type OceanBaseClient } from '@dbpass/client-oceanbase';
import { akSk, createTaurusDbClient, retryAfterMs, type Auth, type FetchFunction, type TaurusDbClient } from '@dbpass/client-taurusdb';
import type { Checkpoint } from '../checkpoint.js';
import { RateLimiter } from '../fleet/rate-limiter.js';
import type { ConnectionSpec } from '../plan/plan.js';

/** A connection of the plan with its credentials read from the environment and its rate limiter. */
export interface ResolvedConnection {
  readonly name: string;
  readonly spec: ConnectionSpec;
  readonly auth: Auth;
  readonly limiter: RateLimiter;
}

/** Names every variable a connection needs that is not set (values are never read into messages). */
export function missingVariables(spec: ConnectionSpec, env: NodeJS.ProcessEnv): string[] {
  const names = spec.cloud === 'huawei' ? [spec.credentials.accessKeyEnv, spec.credentials.secretKeyEnv] : [spec.credentials.accessKeyIdEnv, spec.credentials.accessKeySecretEnv];
  return names.filter((name) => !env[name]);
}

export function resolveConnection(name: string, spec: ConnectionSpec, env: NodeJS.ProcessEnv): ResolvedConnection {
  const auth =
    spec.cloud === 'huawei'
      ? akSk({
          ak: env[spec.credentials.accessKeyEnv]!,
          sk: env[spec.credentials.secretKeyEnv]!,
          ...(spec.credentials.securityTokenEnv && env[spec.credentials.securityTokenEnv] ? { securityToken: env[spec.credentials.securityTokenEnv]! } : {}),
          projectId: spec.projectId,
        })
      : oceanbaseDigest({ accessKeyId: env[spec.credentials.accessKeyIdEnv]!, accessKeySecret: env[spec.credentials.accessKeySecretEnv]! });
  return { name, spec, auth, limiter: new RateLimiter(spec.requestsPerSecond) };
}

/**
 * The fetch under a group's client: waits for the cloud's rate limiter, backs everyone off on a 429, collects
 * request ids for the audit log, and passes the `http:response` checkpoint once an answer has arrived (a kill
 * there is the "applied, but the caller never learned it" case).
 */
function instrumentedFetch(connection: ResolvedConnection, checkpoint: Checkpoint, requestIds: string[]): FetchFunction {
  return async (input, init) => {
    await connection.limiter.acquire(init?.signal ?? undefined);
    const response = await globalThis.fetch(input, init);
    if (response.status === 429) connection.limiter.backOff(retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? 1_000);
    const requestId = response.headers.get('x-request-id');
    if (requestId) requestIds.push(requestId);
    checkpoint('http:response');
    return response;
  };
}

export interface GroupClients {
  readonly taurus?: TaurusDbClient;
  readonly oceanbase?: OceanBaseClient;
  /** Request ids seen by these clients, in order. */
  readonly requestIds: string[];
}

/** Clients for one group of accounts (one per group, so that request ids belong to that group). */
export function groupClients(connection: ResolvedConnection, checkpoint: Checkpoint): GroupClients {
  const requestIds: string[] = [];
  const options = {
    ...(connection.spec.endpoint ? { endpoint: connection.spec.endpoint } : { region: connection.spec.region! }),
    projectId: connection.spec.projectId,
    auth: connection.auth,
    fetch: instrumentedFetch(connection, checkpoint, requestIds),
  };
  return connection.spec.cloud === 'huawei' ? { taurus: createTaurusDbClient(options), requestIds } : { oceanbase: createOceanBaseClient(options), requestIds };
}
