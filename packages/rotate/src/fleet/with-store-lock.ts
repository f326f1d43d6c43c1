import { errorText } from '../redact.js';
import type { SecretStore } from '../secret-store/secret-store.js';

/**
 * Runs `work` holding the store's lock. A lock that cannot be released after the work finished does not undo the
 * work: it comes back as a warning beside the result, never as the run's failure.
 */
export async function withStoreLock<T>(
  store: SecretStore,
  options: { readonly waitMs?: number | undefined; readonly leaseMs?: number | undefined },
  work: () => Promise<T>,
): Promise<{ value: T; warnings: string[] }> {
  const lock = await store.lock({
    ...(options.waitMs === undefined ? {} : { waitMs: options.waitMs }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
  });
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await lock.release().catch(() => {});
    throw error;
  }
  try {
    await lock.release();
    return { value, warnings: [] };
  } catch (error) {
    return {
      value,
      warnings: [
        `the store's lock could not be released (${errorText(error, [])}); everything reported above is done and stored, but the next run may find the store locked by this one`,
      ],
    };
  }
}
