// The generated clients pointed at an emulator (AK/SK, Digest), for the tests of the user-management operations.
import { createOceanBaseClient, type OceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { akSk, createTaurusDbClient, type JobInfo, type TaurusDbClient, waitForJob } from '@dbpass/client-taurusdb';
import { seed } from '../src/seed.js';

export const h = seed.huawei;
export const o = seed.oceanbase;
export const tenant = { instanceId: o.instanceId, tenantId: o.tenantId };

/** Retries off, so that a test of an error sees the first answer. */
export const taurusClient = (url: string): TaurusDbClient =>
  createTaurusDbClient({
    endpoint: url,
    projectId: h.projectId,
    retry: { maxAttempts: 1 },
    auth: akSk({ ak: h.ak, sk: h.sk }),
  });

export const oceanbaseClient = (url: string): OceanBaseClient =>
  createOceanBaseClient({
    endpoint: url,
    projectId: o.projectId,
    retry: { maxAttempts: 1 },
    auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
  });

/** An IAM token from the emulator's IAM, for requests sent with plain fetch (what the clients would refuse). */
export async function iamToken(url: string): Promise<string> {
  const response = await fetch(`${url}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: h.iamUser.name, password: h.iamUser.password, domain: { name: h.domainName } } },
        },
        scope: { project: { id: h.projectId } },
      },
    }),
  });
  return response.headers.get('x-subject-token')!;
}

/** Sends a TaurusDB request with plain fetch and an IAM token: its status and JSON answer. */
export async function sendHuawei(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/v3/${h.projectId}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Waits for a job with short polls; throws JobFailedError when it ends Failed. */
export const waitJob = (taurus: TaurusDbClient, jobId: string): Promise<JobInfo> =>
  waitForJob(taurus, jobId, { intervalMs: 10, maxIntervalMs: 20, timeoutMs: 20_000 });

/** What the call threw (the test fails when it did not). */
// biome-ignore lint/suspicious/noExplicitAny: tests read the fields of whichever error class they expect
export async function thrown(call: () => Promise<unknown>): Promise<any> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
