import { createOceanBaseClient, type OceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { createOceanBaseRawClient } from '@dbpass/client-oceanbase/raw';
import type { RetryPolicy } from '@dbpass/client-taurusdb';
import { akSk, createTaurusDbClient, iamToken, type TaurusDbClient } from '@dbpass/client-taurusdb';
import { createTaurusDbRawClient } from '@dbpass/client-taurusdb/raw';
import { type Emulator, type EmulatorOptions, seed, startEmulator } from '@dbpass/emulator';
import { afterAll, beforeAll } from 'vitest';

export { seed };

/** An emulator started before the file's tests and stopped after them. */
export function useEmulator(options: EmulatorOptions = {}): { readonly current: Emulator } {
  const holder = {} as { current: Emulator };
  beforeAll(async () => {
    holder.current = await startEmulator({ jobVisibleAfterMs: 50, jobDurationMs: 150, ...options });
  });
  afterAll(async () => {
    await holder.current?.stop();
  });
  return holder;
}

export const h = seed.huawei;
export const o = seed.oceanbase;

/** Retries off: each test of an error path sees the first answer. */
export const NO_RETRIES: Partial<RetryPolicy> = { maxAttempts: 1 };
/** Retries with millisecond backoff, so that a test of several attempts stays fast. */
export const FAST_RETRIES: Partial<RetryPolicy> = { baseDelayMs: 5, maxDelayMs: 20 };

export function taurusWithAkSk(
  emulator: Emulator,
  overrides: { sk?: string; now?: () => Date; projectId?: string; retry?: Partial<RetryPolicy> } = {},
): TaurusDbClient {
  return createTaurusDbClient({
    endpoint: emulator.url,
    ...(overrides.retry ? { retry: overrides.retry } : {}),
    projectId: overrides.projectId ?? h.projectId,
    auth: akSk({ ak: h.ak, sk: overrides.sk ?? h.sk, ...(overrides.now ? { now: overrides.now } : {}) }),
  });
}

export function taurusWithToken(
  emulator: Emulator,
  overrides: { password?: string; projectId?: string } = {},
): TaurusDbClient {
  return createTaurusDbClient({
    endpoint: emulator.url,
    projectId: overrides.projectId ?? h.projectId,
    auth: iamToken({
      userName: h.iamUser.name,
      password: overrides.password ?? h.iamUser.password,
      domainName: h.domainName,
      iamEndpoint: emulator.url,
      scope: { projectId: h.projectId },
    }),
  });
}

export function oceanbaseClient(
  emulator: Emulator,
  overrides: { secret?: string; projectId?: string; retry?: Partial<RetryPolicy> } = {},
): OceanBaseClient {
  return createOceanBaseClient({
    endpoint: emulator.url,
    ...(overrides.retry ? { retry: overrides.retry } : {}),
    projectId: overrides.projectId ?? o.projectId,
    auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: overrides.secret ?? o.accessKeySecret }),
  });
}

/** The raw openapi-fetch clients over the same transport (AK/SK; Digest), retries off, for sending what the typed methods refuse. */
export const taurusRaw = (emulator: Emulator) =>
  createTaurusDbRawClient({
    endpoint: emulator.url,
    projectId: h.projectId,
    retry: NO_RETRIES,
    auth: akSk({ ak: h.ak, sk: h.sk }),
  });
export const oceanbaseRaw = (endpoint: string, secret: string = o.accessKeySecret) =>
  createOceanBaseRawClient({
    endpoint,
    projectId: o.projectId,
    retry: NO_RETRIES,
    auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: secret }),
  });

/** Runs `call` and returns what it threw (failing the test if it did not throw). */
// biome-ignore lint/suspicious/noExplicitAny: tests read the fields of whichever error class they expect
export async function thrown(call: () => Promise<unknown>): Promise<any> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
